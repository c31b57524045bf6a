/**
 * Words for the engine's decisions and match kinds, as staff read them.
 */

export const DECISION_LABELS: Readonly<Record<'answer' | 'candidates' | 'none', string>> = {
  answer: '回答を表示',
  candidates: '候補を表示',
  none: '答えられない',
};

export const DECISION_HELP: Readonly<Record<'answer' | 'candidates' | 'none', string>> = {
  answer: '1 位の QA の回答を、そのまま市民に表示します。',
  candidates: '確信が持てないため、「もしかして」として候補の質問を示します。',
  none: '合う QA が見つからないため、担当の窓口を案内します。',
};

export const MATCH_KIND_LABELS: Readonly<Record<'word' | 'reading' | 'synonym' | 'phrase' | 'partial', string>> = {
  word: '同じ言葉',
  reading: '同じ読み',
  synonym: '同義語',
  phrase: '言葉の並び',
  partial: '部分一致',
};

export const MATCH_FIELD_LABELS: Readonly<Record<'question' | 'keywords' | 'category' | 'answer', string>> = {
  question: '質問・言い換え',
  keywords: 'キーワード',
  category: '分類',
  answer: '回答',
};

/** The audit log's actions in Japanese. Unknown ones show as they are. */
export const AUDIT_ACTION_LABELS: Readonly<Record<string, string>> = {
  'auth.sign-in': 'ログイン',
  'auth.sign-in-failed': 'ログイン失敗',
  'auth.throttled': 'ログインの一時制限',
  'auth.totp-enabled': '二段階認証の設定',
  'auth.totp-disabled': '二段階認証の無効化',
  'auth.sign-out': 'ログアウト',
  'auth.password-change': 'パスワードの変更',
  'auth.password-change-failed': 'パスワードの変更の失敗',
  'account.create': 'アカウントの作成',
  'account.update': 'アカウントの変更',
  'account.reset-password': 'パスワードの再設定',
  'account.reset-2fa': '二段階認証の解除',
  'account.unlock': 'ログイン制限の解除',
  'qa.create': 'QA の作成',
  'qa.update': 'QA の保存',
  'qa.delete': 'QA の削除',
  'qa.bulk': 'QA の一括操作',
  'qa.restore': 'QA を以前の版に戻す',
  'qa.import': 'QA の取り込み',
  'qa.export': 'QA の書き出し',
  publish: '公開',
  'dictionary.update': '辞書の保存',
  'settings.update': '設定の保存',
  'settings.sign-in-security': 'ログインの設定の変更',
  'audit.export': '操作ログの書き出し',
  'logs.export': '会話ログの書き出し',
  'logs.purge': '保存期間を過ぎた会話ログの削除',
  'statistics.export': '統計の書き出し',
  'improvement.review': 'うまくいかなかった質問の対応',
  'aiAnswer.review': 'AIによる回答の確認',
  'qa.reviewed': 'QA の内容の確認（情報源と見直し）',
  'sources.check': '情報源のページの確認',
};

/** @example auditActionLabel('qa.update') // 'QA の保存' */
export function auditActionLabel(action: string): string {
  return AUDIT_ACTION_LABELS[action] ?? action;
}

/**
 * An audit entry's detail as one line people read (keys as they are; values JSON where not text).
 *
 * @example auditDetail({ version: 4, mode: 'merge' }) // 'version: 4、mode: merge'
 */
export function auditDetail(detail: Readonly<Record<string, unknown>>): string {
  return Object.entries(detail)
    .map(([key, value]) => `${key}: ${typeof value === 'string' ? value : JSON.stringify(value)}`)
    .join('、');
}

/** Setting keys as the audit log records them (the store's keys), in Japanese. */
const SETTING_LABELS: Readonly<Record<string, string>> = {
  cityFacts: '市の情報',
  character: 'キャラクター',
  chatMenu: 'よくある質問',
  testCases: '一括テストの質問',
  engineOptions: '検索の調整値',
  logRetention: '会話ログの保存期間',
  aiAnswers: 'AIによる回答',
  sourceReview: '見直しの間隔',
};

/** @example auditTargetLabel('settings.update', 'chatMenu') // 'よくある質問' */
export function auditTargetLabel(action: string, target: string): string {
  return action === 'settings.update' ? (SETTING_LABELS[target] ?? target) : target;
}
