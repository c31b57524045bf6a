/**
 * Failed questions as a month of a city's log could hold them, against the starter pack: colloquial and
 * clipped paraphrases of a few needs, some with a QA (マイナンバーカードの紛失, 指定ごみ袋), some without
 * (鳩, ドローン, 自転車の盗難), and unrelated one-offs. `need` names what the question asks; questions with the
 * same need should share a group, and groups should not mix needs. Reasons follow what the starter pack's
 * engine does with each question (none, candidates, or an answer the citizen rated 「いいえ」). Since Engine 2 some
 * are answered with their need's own QA (マイナカード紛失, 飼い犬が亡くなったときの手続き): a month's log from before
 * holds them, and as answers they can only fail again rated 「いいえ」.
 */
import type { FailedQuestion } from '../../store/store.ts';

export interface FixtureQuestion {
  question: string;
  count: number;
  reason: 'none' | 'candidates' | 'notResolved';
  need: string;
  /** The starter pack's QA for the need, or null when it has none. */
  qa: string | null;
}

export const FAILED_QUESTIONS: readonly FixtureQuestion[] = [
  { question: 'マイナ失くした', count: 7, reason: 'candidates', need: 'マイナンバーカードの紛失', qa: '1083' },
  { question: 'マイナカードなくしちゃった', count: 5, reason: 'candidates', need: 'マイナンバーカードの紛失', qa: '1083' },
  { question: 'マイナカード紛失', count: 3, reason: 'notResolved', need: 'マイナンバーカードの紛失', qa: '1083' },
  { question: 'マイナなくした', count: 2, reason: 'candidates', need: 'マイナンバーカードの紛失', qa: '1083' },
  { question: 'マイナカード紛失したらどうする', count: 1, reason: 'notResolved', need: 'マイナンバーカードの紛失', qa: '1083' },
  { question: 'ベランダに鳩が来る', count: 4, reason: 'candidates', need: '鳩', qa: null },
  { question: '鳩を追い払いたい', count: 2, reason: 'candidates', need: '鳩', qa: null },
  { question: '鳩のフンがひどい', count: 2, reason: 'candidates', need: '鳩', qa: null },
  { question: '自転車を盗まれた', count: 3, reason: 'notResolved', need: '自転車の盗難', qa: null },
  { question: '自転車盗難', count: 2, reason: 'candidates', need: '自転車の盗難', qa: null },
  { question: 'チャリ盗まれた', count: 1, reason: 'candidates', need: '自転車の盗難', qa: null },
  { question: 'ハクビシンが屋根裏にいる', count: 3, reason: 'candidates', need: '鳥獣被害', qa: '3065' },
  { question: 'ハクビシン駆除', count: 2, reason: 'candidates', need: '鳥獣被害', qa: '3065' },
  { question: 'ハクビシンが出た', count: 1, reason: 'none', need: '鳥獣被害', qa: '3065' },
  { question: 'ドローン飛ばしたい', count: 3, reason: 'candidates', need: 'ドローン', qa: null },
  { question: 'ドローン 公園', count: 1, reason: 'candidates', need: 'ドローン', qa: null },
  { question: 'ドローンの許可', count: 1, reason: 'candidates', need: 'ドローン', qa: null },
  { question: 'ハンコ無くした', count: 2, reason: 'candidates', need: '印鑑の紛失', qa: '1029' },
  { question: '判子をなくしました', count: 1, reason: 'candidates', need: '印鑑の紛失', qa: '1029' },
  { question: 'ごみ袋どこで売ってる', count: 4, reason: 'candidates', need: '指定ごみ袋', qa: '3027' },
  { question: '指定袋どこで買う', count: 2, reason: 'candidates', need: '指定ごみ袋', qa: '3027' },
  { question: 'ごみ袋売ってるとこ', count: 1, reason: 'none', need: '指定ごみ袋', qa: '3027' },
  { question: '庁舎の駐車場代', count: 2, reason: 'none', need: '市役所の駐車場', qa: '3115' },
  { question: '選挙いつ', count: 3, reason: 'candidates', need: '選挙の日', qa: null },
  { question: '選挙の日程', count: 1, reason: 'candidates', need: '選挙の日', qa: null },
  { question: '次の選挙はいつですか', count: 1, reason: 'candidates', need: '選挙の日', qa: null },
  { question: 'こんにちは', count: 5, reason: 'none', need: 'あいさつ', qa: null },
  { question: '今日の天気', count: 1, reason: 'none', need: '天気', qa: null },
  { question: '市長の名前', count: 1, reason: 'candidates', need: '市長', qa: null },
  { question: '飼い犬が亡くなったときの手続き', count: 1, reason: 'notResolved', need: '飼い犬の死亡', qa: '2140' },
  { question: '粗大ゴミ出したい', count: 2, reason: 'candidates', need: '粗大ごみ', qa: '3014' },
  { question: '粗大ごみ捨てたい', count: 1, reason: 'candidates', need: '粗大ごみ', qa: '3014' },
  { question: 'アライグマが庭に出る', count: 1, reason: 'none', need: '鳥獣被害', qa: '3065' },
];

/**
 * The fixture as the store lists failed questions (most frequent first), all on one day.
 *
 * @example `groupFailedQuestions(failedQuestions(), search)`
 */
export function failedQuestions(lastAt = '2026-11-30T01:00:00.000Z'): FailedQuestion[] {
  return [...FAILED_QUESTIONS]
    .sort((a, b) => b.count - a.count)
    .map(({ question, count, reason }) => ({
      question,
      count,
      lastAt,
      none: reason === 'none' ? count : 0,
      candidates: reason === 'candidates' ? count : 0,
      rephrased: 0,
      notResolved: reason === 'notResolved' ? count : 0,
    }));
}
