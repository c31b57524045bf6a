/**
 * The admin API's request and response types, for the staff console (`@madoguchi/server/admin-api`, imported
 * with `import type` only, so nothing of the server reaches the browser bundle). Each shape is defined by the
 * TypeBox schema beside its route; this file only re-exports their types.
 */
export type {
  PasswordChangeRequest,
  PasswordConfirmRequest,
  RecoveryCodesReply,
  SecondStepReply,
  SessionReply,
  SignInReply,
  SignInRequest,
  SignInSecurity,
  SignOutReply,
  StaffView,
  TotpCodeRequest,
  TotpEnrolmentView,
  TotpSessionReply,
  TotpSignInRequest,
  TotpStatusReply,
} from '../auth/schema.ts';
export type { AccountConflictReply, AccountList, AccountView, CreateAccountRequest, ResetPasswordRequest, UpdateAccountRequest } from './accounts/schema.ts';
export type { AuditEntryView, AuditFilter, AuditQuery, AuditReply } from './audit/schema.ts';
export type {
  AdminErrorReply,
  BulkReply,
  BulkRequest,
  CategoryListReply,
  CreateQaRequest,
  EditingPresenceView,
  EditingReply,
  Issue,
  PreviewReply,
  PublicationState,
  QaConflictReply,
  QaContentView,
  QaDetailReply,
  QaFilterQuery,
  QaListQuery,
  QaListReply,
  QaSortKey,
  QaSummary,
  QaView,
  RestoreRequest,
  RevisionListReply,
  RevisionReply,
  UpdateQaRequest,
} from './qas/schema.ts';
export type { FileInfo, FileListReply } from './files/schema.ts';
export type { PublishingCheckReply, PublishingReply, PublishSummaryView } from './publishing/schema.ts';
export type { SearchScope, TestChatReply, TestChatRequest } from './test-chat/schema.ts';
export type { TestCasesReply, TestCasesRequest } from './test-cases/schema.ts';
export type { TransferApplyReply, TransferPreviewReply } from './transfer/schema.ts';
export type { DictionaryReply, DictionaryRequest, DictionaryRevisionsReply } from './dictionary/schema.ts';
export type {
  CharacterReply,
  CharacterRequest,
  CharacterValue,
  ChatMenuReply,
  ChatMenuRequest,
  CityFactsReply,
  CityFactsRequest,
  LogRetentionReply,
  SettingName,
  SettingRevisionsReply,
} from './settings/schema.ts';
export type {
  BreakdownRow,
  CountsView,
  FeedbackQaRow,
  HourRow,
  OutcomeFigure,
  OutcomeKey,
  PagesView,
  QaRow,
  SeriesPoint,
  StatisticsBucket,
  StatisticsQuery,
  StatisticsRange,
  StatisticsReply,
  StatisticsTable,
  StatisticsTableQuery,
  StatisticsTotals,
} from './statistics/schema.ts';
export type { LogFilter, LoggedTurnView, LogListReply, LogQuery } from './logs/schema.ts';
export type { MonthlyReportQuery, MonthlyReportReply, UnansweredQuestion } from './reports/schema.ts';
export type {
  AddAlternatesReply,
  AddAlternatesRequest,
  FailedQuestionGroupView,
  FailedQuestionView,
  ImprovementGroupsQuery,
  ImprovementGroupsReply,
  ReviewQuestionsReply,
  ReviewQuestionsRequest,
} from './improvement/schema.ts';
export type { SuggestionAvailabilityReply, SuggestionKind, SuggestionReply, SuggestionRequest, SuggestionView } from './suggestions/schema.ts';
export type {
  ModelCallView,
  ModelCheckResultView,
  ModelsCheckReply,
  ModelsStatusReply,
  ModelStatusView,
  ModelUsageDayView,
  ModelUsageReport,
  ModelUsageTotalView,
} from './models/schema.ts';
export type {
  MarkReviewedReply,
  MarkReviewedRequest,
  ReviewGroupView,
  ReviewItemView,
  ReviewReasonView,
  ReviewSourceView,
  SourceCheckRunView,
  SourceCheckStateReply,
  SourceReviewReply,
  SourceReviewSettingReply,
  SourceReviewSettingRequest,
} from './sources/schema.ts';
export type {
  AiAnswerListQuery,
  AiAnswerListReply,
  AiAnswerReviewRequest,
  AiAnswerSettingsReply,
  AiAnswerSettingsRequest,
  AiAnswerSettingsValue,
  AiAnswerView,
} from './ai-answers/schema.ts';
export type {
  AcceptDraftReply,
  AcceptDraftRequest,
  DraftJobLimits,
  DraftJobListReply,
  DraftJobReply,
  DraftJobRequest,
  DraftJobView,
  DraftListQuery,
  DraftListReply,
  DraftView,
  RejectDraftReply,
} from './drafts/schema.ts';
export type { SemanticEvaluationReply, SemanticSettingsReply, SemanticSettingsRequest, SemanticSettingsValue } from './semantic/schema.ts';
export type { Qa, QaContent, QaStatus, QaTranslation, TranslationLanguage } from '../qa/model.ts';
