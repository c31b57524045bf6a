/**
 * Which component shows each screen. ログイン and パスワード変更 are wired in app.tsx (they change the session).
 */
import type { ComponentType } from 'preact';
import type { ScreenId } from '../routing/routes.ts';
import { NotFoundScreen } from './not-found.tsx';
import { AccountsScreen } from './accounts.tsx';
import { AuditScreen } from './audit.tsx';
import { DictionaryScreen } from './dictionary.tsx';
import { ImprovementScreen } from './improvement.tsx';
import { PublishScreen } from './publish.tsx';
import { CharacterScreen, CityFactsScreen, FeaturedScreen, LogRetentionScreen } from './settings.tsx';
import { TestCasesScreen } from './test-cases.tsx';
import { TransferScreen } from './transfer.tsx';
import { TestChatScreen } from './test-chat.tsx';
import { QaEditScreen } from './qa-edit.tsx';
import { QaHistoryScreen } from './qa-history.tsx';
import { QaListScreen } from './qa-list.tsx';
import { ChatLogScreen } from './chat-log.tsx';
import { AiAnswersScreen } from './ai-answers.tsx';
import { SourcesScreen } from './sources.tsx';
import { DraftsScreen } from './drafts.tsx';
import { ModelsScreen } from './models.tsx';
import { SemanticReportScreen } from './semantic-report.tsx';
import { lazyScreen } from './lazy-screen.tsx';

export interface ScreenProps {
  /** Parameters of the address (`/admin/qas/:id` → `{ id }`). */
  params: Record<string, string>;
  /** The address's query (list filters live there, so a link or reload keeps them). */
  query: URLSearchParams;
}

export const SCREENS: Partial<Record<Exclude<ScreenId, 'password' | 'signIn'>, ComponentType<ScreenProps>>> & { notFound: ComponentType<ScreenProps> } = {
  notFound: NotFoundScreen,
  qaList: QaListScreen,
  qaNew: QaEditScreen,
  qaEdit: QaEditScreen,
  qaHistory: QaHistoryScreen,
  publish: PublishScreen,
  testChat: TestChatScreen,
  testCases: TestCasesScreen,
  transfer: TransferScreen,
  dictionary: DictionaryScreen,
  improvement: ImprovementScreen,
  // Chart.js is a third of the console's code: the chart screens load it when first opened.
  statistics: lazyScreen(() => import('./statistics.tsx').then((module) => module.StatisticsScreen)),
  chatLog: ChatLogScreen,
  monthlyReport: lazyScreen(() => import('./monthly-report.tsx').then((module) => module.MonthlyReportScreen)),
  facts: CityFactsScreen,
  character: CharacterScreen,
  featured: FeaturedScreen,
  logRetention: LogRetentionScreen,
  aiAnswers: AiAnswersScreen,
  sources: SourcesScreen,
  drafts: DraftsScreen,
  accounts: AccountsScreen,
  audit: AuditScreen,
  models: ModelsScreen,
  semanticReport: SemanticReportScreen,
};
