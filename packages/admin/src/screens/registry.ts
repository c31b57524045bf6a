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
import { StatisticsScreen } from './statistics.tsx';
import { ChatLogScreen } from './chat-log.tsx';
import { MonthlyReportScreen } from './monthly-report.tsx';

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
  statistics: StatisticsScreen,
  chatLog: ChatLogScreen,
  monthlyReport: MonthlyReportScreen,
  facts: CityFactsScreen,
  character: CharacterScreen,
  featured: FeaturedScreen,
  logRetention: LogRetentionScreen,
  accounts: AccountsScreen,
  audit: AuditScreen,
};
