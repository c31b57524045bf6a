import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { emptyForm, type QaForm } from './qa-form.ts';
import { accept, answerChangedSince, missingInput, NO_SUGGESTIONS, receive, reject, resultMessage, suggestionRequest, undoRewrite, withAlternate } from './suggestions.ts';

const FORM: QaForm = { ...emptyForm(), id: '1001', question: ' 住民票がほしい ', alternates: '住民票の取り方\n\n ', answer: '住民票の写しは市民課で請求していただけます。' };

describe('asking', () => {
  test('the request is the form as it is now, alternates one per line', () => {
    assert.deepEqual(suggestionRequest('alternates', FORM), { kind: 'alternates', question: '住民票がほしい', alternates: ['住民票の取り方'], answer: FORM.answer });
  });

  test('a kind needs its field written first', () => {
    assert.equal(missingInput('alternates', FORM), null);
    assert.equal(missingInput('alternates', { ...FORM, question: ' ' }), '質問を入力してから、言い換えの候補を出してください。');
    assert.equal(missingInput('plain-japanese', { ...FORM, answer: '' }), '回答を入力してから、やさしい日本語の案を出してください。');
  });

  test('the result is said in a sentence, with what was left out', () => {
    const some = receive(NO_SUGGESTIONS, 'alternates', { suggestions: [{ text: 'a', notes: [] }], dropped: [{ text: 'b', reason: '質問と同じです。' }] }, FORM);
    assert.equal(resultMessage(some.batch!), '言い換えの候補が 1 件あります（条件に合わない 1 件は出していません）。採用するかどうかを選んでください。');
    const none = receive(NO_SUGGESTIONS, 'plain-japanese', { suggestions: [], dropped: [] }, FORM);
    assert.equal(resultMessage(none.batch!), '新しいやさしい日本語の案はありませんでした。');
  });
});

describe('alternates', () => {
  const state = receive(NO_SUGGESTIONS, 'alternates', { suggestions: [{ text: 'じゅうみんひょう ほしい', notes: [] }, { text: '住民票 コンビニ', notes: [] }], dropped: [] }, FORM);

  test('採用 adds the alternate to the form once; 不採用 leaves the form alone', () => {
    const accepted = accept(state, 0, FORM);
    assert.equal(accepted.form.alternates, '住民票の取り方\nじゅうみんひょう ほしい');
    assert.deepEqual(
      accepted.state.batch?.items.map((i) => i.decision),
      ['accepted', 'pending'],
    );
    assert.deepEqual(accept(accepted.state, 0, accepted.form), accepted, 'deciding twice changes nothing');
    const rejected = reject(accepted.state, 1);
    assert.deepEqual(
      rejected.batch?.items.map((i) => i.decision),
      ['accepted', 'rejected'],
    );
    assert.equal(accept(rejected, 1, accepted.form).form, accepted.form, 'a rejected suggestion cannot be accepted');
  });

  test('withAlternate adds a line only when it is not there', () => {
    assert.equal(withAlternate('', 'a'), 'a');
    assert.equal(withAlternate('a\nb\n', ' b '), 'a\nb\n');
    assert.equal(withAlternate('a\n\n', 'c'), 'a\nc');
  });
});

describe('やさしい日本語', () => {
  const state = receive(NO_SUGGESTIONS, 'plain-japanese', { suggestions: [{ text: '案1', notes: [] }, { text: '案2', notes: ['リンクがありません。'] }], dropped: [] }, FORM);

  test('採用 replaces the answer; 元に戻す brings back the staff member’s own answer, even after two acceptances', () => {
    const first = accept(state, 0, FORM);
    assert.equal(first.form.answer, '案1');
    assert.equal(first.state.undoAnswer, FORM.answer);
    const second = accept(first.state, 1, first.form);
    assert.equal(second.form.answer, '案2');
    assert.deepEqual(
      second.state.batch?.items.map((i) => i.decision),
      ['pending', 'accepted'],
      'only the rewrite in the answer counts as accepted',
    );
    assert.equal(second.state.undoAnswer, FORM.answer);
    const undone = undoRewrite(second.state, second.form);
    assert.equal(undone.form.answer, FORM.answer);
    assert.equal(undone.state.undoAnswer, null);
    assert.deepEqual(
      undone.state.batch?.items.map((i) => i.decision),
      ['pending', 'pending'],
    );
    assert.deepEqual(undoRewrite(undone.state, undone.form), undone, 'nothing to undo');
  });

  test('the undo survives asking for alternates afterwards', () => {
    const accepted = accept(state, 0, FORM);
    const asked = receive(accepted.state, 'alternates', { suggestions: [], dropped: [] }, accepted.form);
    assert.equal(undoRewrite(asked, accepted.form).form.answer, FORM.answer);
  });

  test('an answer edited after the rewrites were made is noticed; an accepted rewrite is not an edit', () => {
    const batch = state.batch!;
    assert.equal(answerChangedSince(batch, FORM), false);
    assert.equal(answerChangedSince(batch, { ...FORM, answer: '書き足した回答' }), true);
    const accepted = accept(state, 0, FORM);
    assert.equal(answerChangedSince(accepted.state.batch!, accepted.form), false);
  });
});
