import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { content } from './store-contract.ts';
import * as errors from './errors.ts';

describe('store errors', () => {
  const samples: errors.StoreError[] = [
    new errors.QaNotFoundError('default', '1'),
    new errors.QaAlreadyExistsError('default', '1'),
    new errors.VersionConflictError({ ...content('1'), siteId: 'default', version: 2, updatedBy: 'sato', updatedAt: 'now' }, 1),
    new errors.RelatedQaMissingError([{ qaId: '1', relatedId: '2' }]),
    new errors.QaInvalidError('x'),
    new errors.StoreInputError('x'),
    new errors.SchemaTooNewError(2, 1),
    new errors.AccountNotFoundError('default', 'suzuki'),
    new errors.AccountAlreadyExistsError('default', 'suzuki'),
    new errors.AccountVersionConflictError(
      {
        siteId: 'default',
        loginId: 'suzuki',
        displayName: '鈴木',
        role: 'editor',
        disabled: false,
        passwordHash: 'h',
        totpEnabled: false,
        passwordChangedAt: 'now',
        createdAt: 'now',
        updatedAt: 'now',
        version: 2,
      },
      1,
    ),
    new errors.DraftNotFoundError('default', 'd1'),
    new errors.DraftAlreadyResolvedError({
      id: 'd1',
      createdAt: 'now',
      createdBy: 'suzuki',
      method: 'rules',
      sourceUrl: null,
      sourceName: 'faq.html',
      question: '質問',
      alternates: [],
      answer: '回答',
      category1: '',
      department: '',
      notes: [],
      siteId: 'default',
      status: 'accepted',
      resolvedBy: 'sato',
      resolvedAt: 'now',
      qaId: '1',
    }),
  ];

  it('every code raised is documented, and every documented code is raised by some class', () => {
    const documented = Object.keys(errors.STORE_ERROR_CODES).sort();
    assert.deepEqual([...new Set(samples.map((e) => e.code))].sort(), documented);
  });

  it('errors are StoreErrors with their class name and a Japanese message', () => {
    for (const e of samples) {
      assert.ok(e instanceof errors.StoreError && e instanceof Error);
      assert.equal(e.name, e.constructor.name);
      assert.ok(e.message.length > 0);
    }
    assert.match(samples[3]!.message, /1 → 2/);
  });
});
