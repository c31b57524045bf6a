/**
 * The console's typed view of /api/admin: one method per route, request and response types from the
 * server's schemas (`@madoguchi/server/admin-api`, types only). Screens call these and nothing else.
 */
import type {
  RecoveryCodesReply,
  SignInReply,
  SignInSecurity,
  TotpEnrolmentView,
  TotpSessionReply,
  TotpSignInRequest,
  TotpStatusReply,
  AiAnswerListQuery,
  AiAnswerListReply,
  AiAnswerSettingsReply,
  AiAnswerSettingsValue,
  SemanticEvaluationReply,
  SemanticSettingsReply,
  SemanticSettingsValue,
  FileInfo,
  LogFilter,
  LogListReply,
  LogQuery,
  MonthlyReportReply,
  StatisticsQuery,
  StatisticsReply,
  StatisticsTable,
  AccountList,
  AccountView,
  AuditFilter,
  AuditQuery,
  AuditReply,
  BulkReply,
  BulkRequest,
  CategoryListReply,
  CharacterReply,
  CharacterValue,
  ChatMenuReply,
  LogRetentionReply,
  ModelsCheckReply,
  ModelsStatusReply,
  MarkReviewedReply,
  SourceCheckStateReply,
  SourceReviewReply,
  SourceReviewSettingReply,
  CityFactsReply,
  DictionaryReply,
  DictionaryRevisionsReply,
  PublishingCheckReply,
  PublishingReply,
  PublishSummaryView,
  QaFilterQuery,
  SearchScope,
  SettingName,
  SettingRevisionsReply,
  TestCasesReply,
  TestCasesRequest,
  TestChatReply,
  TransferApplyReply,
  TransferPreviewReply,
  CreateAccountRequest,
  CreateQaRequest,
  EditingReply,
  PasswordChangeRequest,
  PreviewReply,
  QaDetailReply,
  QaListQuery,
  QaListReply,
  QaView,
  RevisionListReply,
  RevisionReply,
  SessionReply,
  SignInRequest,
  SignOutReply,
  UpdateAccountRequest,
  UpdateQaRequest,
} from '@madoguchi/server/admin-api';
import { createHttpClient, MODEL_CALL_TIMEOUT_MS, type Download, type HttpClient, type HttpClientOptions, type Query } from './client.ts';

const BASE = '/api/admin';

export class AdminApi {
  readonly http: HttpClient;

  constructor(options: HttpClientOptions = {}) {
    this.http = createHttpClient(options);
  }

  /** Keeps the CSRF token of a new or renewed session. */
  private remember(reply: SessionReply): SessionReply {
    this.http.csrfToken = reply.csrfToken;
    return reply;
  }

  // ── Session ──────────────────────────────────────────────────────────
  async session(): Promise<SessionReply> {
    return this.remember(await this.http.request<SessionReply>('GET', `${BASE}/session`));
  }

  /** Signed in, or a second step (a code, or enrolment first) to take with `signInWithCode`. */
  async signIn(body: SignInRequest): Promise<SignInReply> {
    const reply = await this.http.request<SignInReply>('POST', `${BASE}/session`, { body });
    return 'next' in reply ? reply : this.remember(reply);
  }

  async signInWithCode(body: TotpSignInRequest): Promise<TotpSessionReply> {
    const reply = await this.http.request<TotpSessionReply>('POST', `${BASE}/session/totp`, { body });
    this.remember(reply);
    return reply;
  }

  totpStatus(): Promise<TotpStatusReply> {
    return this.http.request('GET', `${BASE}/session/totp`);
  }

  startTotpEnrolment(): Promise<TotpEnrolmentView> {
    return this.http.request('POST', `${BASE}/session/totp/enrolment`);
  }

  confirmTotpEnrolment(code: string): Promise<RecoveryCodesReply> {
    return this.http.request('POST', `${BASE}/session/totp/enrolment/confirm`, { body: { code } });
  }

  disableTotp(password: string): Promise<TotpStatusReply> {
    return this.http.request('POST', `${BASE}/session/totp/disable`, { body: { password } });
  }

  signInSecurity(): Promise<SignInSecurity> {
    return this.http.request('GET', `${BASE}/sign-in-security`);
  }

  setSignInSecurity(body: SignInSecurity): Promise<SignInSecurity> {
    return this.http.request('PUT', `${BASE}/sign-in-security`, { body });
  }

  async signOut(): Promise<SignOutReply> {
    const reply = await this.http.request<SignOutReply>('DELETE', `${BASE}/session`);
    this.http.csrfToken = null;
    return reply;
  }

  async changePassword(body: PasswordChangeRequest): Promise<SessionReply> {
    return this.remember(await this.http.request<SessionReply>('PUT', `${BASE}/session/password`, { body }));
  }

  // ── QAs ──────────────────────────────────────────────────────────────
  listQas(query: QaListQuery, signal?: AbortSignal): Promise<QaListReply> {
    return this.http.request('GET', `${BASE}/qas`, { query: query as Query, signal });
  }

  getQa(id: string): Promise<QaDetailReply> {
    return this.http.request('GET', `${BASE}/qas/${encodeURIComponent(id)}`);
  }

  createQa(body: CreateQaRequest): Promise<QaView> {
    return this.http.request('POST', `${BASE}/qas`, { body });
  }

  updateQa(id: string, body: UpdateQaRequest): Promise<QaView> {
    return this.http.request('PUT', `${BASE}/qas/${encodeURIComponent(id)}`, { body });
  }

  deleteQa(id: string, version: number): Promise<void> {
    return this.http.request('DELETE', `${BASE}/qas/${encodeURIComponent(id)}`, { query: { version } });
  }

  bulk(body: BulkRequest): Promise<BulkReply> {
    return this.http.request('POST', `${BASE}/qas/bulk`, { body });
  }

  /** Presence heartbeat: I have this QA open. */
  heartbeat(id: string): Promise<EditingReply> {
    return this.http.request('POST', `${BASE}/qas/${encodeURIComponent(id)}/editing`);
  }

  stopEditing(id: string): Promise<void> {
    return this.http.request('DELETE', `${BASE}/qas/${encodeURIComponent(id)}/editing`);
  }

  revisions(id: string): Promise<RevisionListReply> {
    return this.http.request('GET', `${BASE}/qas/${encodeURIComponent(id)}/revisions`);
  }

  revision(id: string, version: number): Promise<RevisionReply> {
    return this.http.request('GET', `${BASE}/qas/${encodeURIComponent(id)}/revisions/${version}`);
  }

  restoreRevision(id: string, version: number, expectedVersion: number | null): Promise<QaView> {
    return this.http.request('POST', `${BASE}/qas/${encodeURIComponent(id)}/revisions/${version}/restore`, { body: { expectedVersion } });
  }

  uploadFile(file: File): Promise<FileInfo> {
    const data = new FormData();
    data.append('file', file, file.name);
    return this.http.form(`${BASE}/files`, data);
  }

  preview(answer: string, signal?: AbortSignal): Promise<PreviewReply> {
    return this.http.request('POST', `${BASE}/preview`, { body: { answer }, signal });
  }

  categories(): Promise<CategoryListReply> {
    return this.http.request('GET', `${BASE}/categories`);
  }

  // ── Accounts (admin) ─────────────────────────────────────────────────
  accounts(): Promise<AccountList> {
    return this.http.request('GET', `${BASE}/accounts`);
  }

  createAccount(body: CreateAccountRequest): Promise<AccountView> {
    return this.http.request('POST', `${BASE}/accounts`, { body });
  }

  updateAccount(loginId: string, body: UpdateAccountRequest): Promise<AccountView> {
    return this.http.request('PATCH', `${BASE}/accounts/${encodeURIComponent(loginId)}`, { body });
  }

  resetPassword(loginId: string, password: string): Promise<AccountView> {
    return this.http.request('PUT', `${BASE}/accounts/${encodeURIComponent(loginId)}/password`, { body: { password } });
  }

  unlockAccount(loginId: string): Promise<AccountView> {
    return this.http.request('POST', `${BASE}/accounts/${encodeURIComponent(loginId)}/unlock`);
  }

  resetAccountTotp(loginId: string): Promise<AccountView> {
    return this.http.request('POST', `${BASE}/accounts/${encodeURIComponent(loginId)}/totp-reset`);
  }

  // ── Audit log (admin) ────────────────────────────────────────────────
  audit(query: AuditQuery): Promise<AuditReply> {
    return this.http.request('GET', `${BASE}/audit`, { query: query as Query });
  }

  auditCsv(filter: AuditFilter): Promise<Download> {
    return this.http.download(`${BASE}/audit.csv`, { query: filter as Query, fallbackName: 'audit.csv' });
  }

  // ── Statistics, conversation log, monthly report ─────────────────────
  statistics(query: StatisticsQuery, signal?: AbortSignal): Promise<StatisticsReply> {
    return this.http.request('GET', `${BASE}/statistics`, { query: query as Query, signal });
  }

  statisticsXlsx(query: StatisticsQuery): Promise<Download> {
    return this.http.download(`${BASE}/statistics.xlsx`, { query: query as Query, fallbackName: 'statistics.xlsx' });
  }

  statisticsCsv(query: StatisticsQuery, table: StatisticsTable): Promise<Download> {
    return this.http.download(`${BASE}/statistics.csv`, { query: { ...query, table } as Query, fallbackName: `statistics-${table}.csv` });
  }

  logs(query: LogQuery, signal?: AbortSignal): Promise<LogListReply> {
    return this.http.request('GET', `${BASE}/logs`, { query: query as Query, signal });
  }

  logsExport(format: 'csv' | 'xlsx', filter: LogFilter): Promise<Download> {
    return this.http.download(`${BASE}/logs.${format}`, { query: filter as Query, fallbackName: `chat-log.${format}` });
  }

  monthlyReport(month: string, signal?: AbortSignal): Promise<MonthlyReportReply> {
    return this.http.request('GET', `${BASE}/reports/monthly`, { query: { month }, signal });
  }

  monthlyReportXlsx(month: string): Promise<Download> {
    return this.http.download(`${BASE}/reports/monthly.xlsx`, { query: { month }, fallbackName: `monthly-report-${month}.xlsx` });
  }

  // ── Publishing ───────────────────────────────────────────────────────
  publishing(): Promise<PublishingReply> {
    return this.http.request('GET', `${BASE}/publishing`);
  }

  /** 公開前チェック: the saved test cases on the published and the working index. */
  publishingCheck(): Promise<PublishingCheckReply> {
    return this.http.request('POST', `${BASE}/publishing/check`);
  }

  publish(): Promise<PublishSummaryView> {
    return this.http.request('POST', `${BASE}/publishing`, { body: {} });
  }

  // ── Test chat and 一括テスト ──────────────────────────────────────────
  testChat(message: string, scope: SearchScope): Promise<TestChatReply> {
    return this.http.request('POST', `${BASE}/test-chat`, { body: { message, scope } });
  }

  testCases(): Promise<TestCasesReply> {
    return this.http.request('GET', `${BASE}/test-cases`);
  }

  saveTestCases(body: TestCasesRequest): Promise<TestCasesReply> {
    return this.http.request('PUT', `${BASE}/test-cases`, { body });
  }

  importTestCases(file: File, revision: number, mode: 'replace' | 'append'): Promise<TestCasesReply> {
    const data = new FormData();
    data.append('revision', String(revision));
    data.append('mode', mode);
    data.append('file', file, file.name);
    return this.http.form(`${BASE}/test-cases/import`, data);
  }

  testCasesCsv(): Promise<Download> {
    return this.http.download(`${BASE}/test-cases.csv`, { fallbackName: 'test-cases.csv' });
  }

  // ── Import and export ────────────────────────────────────────────────
  private transferForm(file: File, mapping: Record<string, string | null> | undefined, mode: 'merge' | 'replace'): FormData {
    const data = new FormData();
    // Fields before the file: the server reads the parts in order.
    if (mapping) data.append('mapping', JSON.stringify(mapping));
    data.append('mode', mode);
    data.append('file', file, file.name);
    return data;
  }

  transferPreview(file: File, mapping: Record<string, string | null> | undefined, mode: 'merge' | 'replace'): Promise<TransferPreviewReply> {
    return this.http.form(`${BASE}/transfer/preview`, this.transferForm(file, mapping, mode));
  }

  transferApply(file: File, mapping: Record<string, string | null> | undefined, mode: 'merge' | 'replace'): Promise<TransferApplyReply> {
    return this.http.form(`${BASE}/transfer/apply`, this.transferForm(file, mapping, mode));
  }

  exportQas(format: 'csv' | 'xlsx' | 'jsonl', filter: QaFilterQuery): Promise<Download> {
    return this.http.download(`${BASE}/transfer/export.${format}`, { query: filter as Query, fallbackName: `madoguchi-qa.${format}` });
  }

  // ── Dictionary ───────────────────────────────────────────────────────
  dictionary(): Promise<DictionaryReply> {
    return this.http.request('GET', `${BASE}/dictionary`);
  }

  saveDictionary(lines: string[], revision: number): Promise<DictionaryReply> {
    return this.http.request('PUT', `${BASE}/dictionary`, { body: { lines, revision } });
  }

  dictionaryRevisions(): Promise<DictionaryRevisionsReply> {
    return this.http.request('GET', `${BASE}/dictionary/revisions`);
  }

  // ── Settings ─────────────────────────────────────────────────────────
  cityFacts(): Promise<CityFactsReply> {
    return this.http.request('GET', `${BASE}/settings/city-facts`);
  }

  saveCityFacts(value: Record<string, string>, revision: number): Promise<CityFactsReply> {
    return this.http.request('PUT', `${BASE}/settings/city-facts`, { body: { value, revision } });
  }

  character(): Promise<CharacterReply> {
    return this.http.request('GET', `${BASE}/settings/character`);
  }

  saveCharacter(value: CharacterValue, revision: number): Promise<CharacterReply> {
    return this.http.request('PUT', `${BASE}/settings/character`, { body: { value, revision } });
  }

  chatMenu(): Promise<ChatMenuReply> {
    return this.http.request('GET', `${BASE}/settings/chat-menu`);
  }

  saveChatMenu(featuredQaIds: string[], revision: number): Promise<ChatMenuReply> {
    return this.http.request('PUT', `${BASE}/settings/chat-menu`, { body: { value: { featuredQaIds }, revision } });
  }

  logRetention(): Promise<LogRetentionReply> {
    return this.http.request('GET', `${BASE}/settings/log-retention`);
  }

  saveLogRetention(days: number, revision: number): Promise<LogRetentionReply> {
    return this.http.request('PUT', `${BASE}/settings/log-retention`, { body: { value: { days }, revision } });
  }

  settingRevisions(key: SettingName): Promise<SettingRevisionsReply> {
    return this.http.request('GET', `${BASE}/settings/${key}/revisions`);
  }

  // ── 情報源と見直し ───────────────────────────────────────────────────
  sourceReview(signal?: AbortSignal): Promise<SourceReviewReply> {
    return this.http.request('GET', `${BASE}/sources/review`, { signal });
  }

  sourceCheck(): Promise<SourceCheckStateReply> {
    return this.http.request('GET', `${BASE}/sources/check`);
  }

  startSourceCheck(): Promise<SourceCheckStateReply> {
    return this.http.request('POST', `${BASE}/sources/check`);
  }

  markQaReviewed(qaId: string): Promise<MarkReviewedReply> {
    return this.http.request('POST', `${BASE}/sources/reviewed`, { body: { qaId } });
  }

  sourceReviewSetting(): Promise<SourceReviewSettingReply> {
    return this.http.request('GET', `${BASE}/sources/settings`);
  }

  saveSourceReviewSetting(cycleDays: number, revision: number): Promise<SourceReviewSettingReply> {
    return this.http.request('PUT', `${BASE}/sources/settings`, { body: { value: { cycleDays }, revision } });
  }

  // ── AIモデルの接続 ───────────────────────────────────────────────────
  modelsStatus(signal?: AbortSignal): Promise<ModelsStatusReply> {
    return this.http.request('GET', `${BASE}/models/status`, { signal });
  }

  /** Administrators: one tiny request to each configured model. */
  checkModels(): Promise<ModelsCheckReply> {
    return this.http.request('POST', `${BASE}/models/check`, { timeoutMs: MODEL_CALL_TIMEOUT_MS });
  }

  // ── AIによる回答 ─────────────────────────────────────────────────────
  aiAnswerSettings(): Promise<AiAnswerSettingsReply> {
    return this.http.request('GET', `${BASE}/ai-answers/settings`);
  }

  saveAiAnswerSettings(value: AiAnswerSettingsValue, revision: number): Promise<AiAnswerSettingsReply> {
    return this.http.request('PUT', `${BASE}/ai-answers/settings`, { body: { value, revision } });
  }

  aiAnswers(query: AiAnswerListQuery, signal?: AbortSignal): Promise<AiAnswerListReply> {
    return this.http.request('GET', `${BASE}/ai-answers`, { query: query as Query, signal });
  }

  reviewAiAnswer(id: string, verdict: 'good' | 'bad'): Promise<{ reviewed: true }> {
    return this.http.request('POST', `${BASE}/ai-answers/${encodeURIComponent(id)}/review`, { body: { verdict } });
  }

  // ── 意味検索の評価 ───────────────────────────────────────────────────
  semanticSettings(signal?: AbortSignal): Promise<SemanticSettingsReply> {
    return this.http.request('GET', `${BASE}/semantic/settings`, { signal });
  }

  saveSemanticSettings(value: SemanticSettingsValue, revision: number): Promise<SemanticSettingsReply> {
    return this.http.request('PUT', `${BASE}/semantic/settings`, { body: { value, revision } });
  }

  /** Runs the saved 一括テスト with and without semantic search (embeds what is new: may take a while). */
  semanticEvaluation(): Promise<SemanticEvaluationReply> {
    return this.http.request('POST', `${BASE}/semantic/evaluation`, { timeoutMs: MODEL_CALL_TIMEOUT_MS });
  }
}
