/**
 * The 情報源と見直し list: the QAs staff should look at again, grouped by department, and why. A QA is listed
 * when a source page changed since the QA was last saved or confirmed, when a source page is missing or could
 * not be checked, or when its review cycle (counted from the later of its last save and confirmation) has run
 * out. Confirming a QA (「内容を確認しました」) takes it off until the next change or the next cycle.
 */
import type { Qa, QaStatus } from '../../qa/model.ts';
import { fillPlaceholders, type CityFacts } from '../../qa/placeholders.ts';
import type { QaReviewMark, SourceCheck } from '../../store/authoring-records.ts';
import { compareQaIds } from '../../store/natural-order.ts';
import { addDays, japanDay } from '../../time/japan-time.ts';
import { checkableUrl } from './source-urls.ts';

/** Settings key of `{ cycleDays }`. */
export const SOURCE_REVIEW_SETTING = 'sourceReview';

export interface SourceReview {
  /** Days after a QA's last save or confirmation when it is due for review. */
  cycleDays: number;
}

export const DEFAULT_CYCLE_DAYS = 365;
export const MIN_CYCLE_DAYS = 30;
/** Five years. */
export const MAX_CYCLE_DAYS = 1825;

/** The group of QAs whose 担当課 is empty. */
export const NO_DEPARTMENT = '担当課未設定';

/** The cycle from the stored setting: the default when unset, clamped to the allowed range. @example reviewCycleDays({ cycleDays: 7 }) // 30 */
export function reviewCycleDays(setting: Partial<SourceReview> | undefined): number {
  const days = setting?.cycleDays;
  if (typeof days !== 'number' || !Number.isInteger(days)) return DEFAULT_CYCLE_DAYS;
  return Math.min(MAX_CYCLE_DAYS, Math.max(MIN_CYCLE_DAYS, days));
}

/** Why a QA is listed; `url` is the checked address (placeholders filled). */
export type ReviewReason =
  | { kind: 'source-changed'; url: string; changedAt: string }
  /** `since`: when the page was first found missing. */
  | { kind: 'source-missing'; url: string; since: string | null }
  | { kind: 'source-unreachable'; url: string; checkedAt: string; error: string | null }
  | { kind: 'review-due'; dueDay: string };

/** One 参照URL entry of a QA and what the last check found. */
export interface ReviewSource {
  /** As written in the QA. */
  entry: string;
  /** The address checked, or null when the entry cannot be fetched (an unfilled placeholder, another scheme). */
  url: string | null;
  state: SourceCheck['state'] | 'unchecked' | 'unusable';
  checkedAt: string | null;
  changedAt: string | null;
}

export interface ReviewItem {
  qaId: string;
  /** Placeholders filled. */
  question: string;
  status: QaStatus;
  updatedAt: string;
  reviewedAt: string | null;
  reviewedBy: string | null;
  /** YYYY-MM-DD in Japan: the later of the last save and confirmation, plus the cycle. */
  dueDay: string;
  reasons: ReviewReason[];
  sources: ReviewSource[];
}

export interface ReviewGroup {
  /** Placeholders filled; {@link NO_DEPARTMENT} when empty. */
  department: string;
  items: ReviewItem[];
}

export interface ReviewListInput {
  /** The working set. */
  qas: readonly Qa[];
  checks: readonly SourceCheck[];
  marks: readonly QaReviewMark[];
  facts: CityFacts;
  cycleDays: number;
  /** YYYY-MM-DD in Japan. */
  today: string;
}

const REASON_ORDER: Readonly<Record<ReviewReason['kind'], number>> = { 'source-missing': 0, 'source-changed': 1, 'source-unreachable': 2, 'review-due': 3 };

const later = (a: string, b: string | undefined): string => (b !== undefined && Date.parse(b) > Date.parse(a) ? b : a);

/**
 * The QAs to look at again, by department (the department with most first), each QA's reasons in order of
 * urgency (missing, changed, unreachable, due).
 *
 * @example reviewList({ qas, checks, marks, facts, cycleDays: 365, today: '2026-11-30' }) // [{ department: '市民課', items: [{ qaId: '1001', reasons: [{ kind: 'source-changed', … }], … }] }]
 */
export function reviewList(input: ReviewListInput): ReviewGroup[] {
  const checks = new Map(input.checks.map((c) => [c.url, c]));
  const marks = new Map(input.marks.map((m) => [m.qaId, m]));
  const groups = new Map<string, ReviewItem[]>();
  for (const qa of input.qas) {
    const item = reviewItem(qa, checks, marks.get(qa.id), input);
    if (item.reasons.length === 0) continue;
    const department = fillPlaceholders(qa.department, input.facts).trim() || NO_DEPARTMENT;
    groups.set(department, [...(groups.get(department) ?? []), item]);
  }
  const urgency = (item: ReviewItem) => Math.min(...item.reasons.map((r) => REASON_ORDER[r.kind]));
  return [...groups]
    .map(([department, items]) => ({ department, items: items.sort((a, b) => urgency(a) - urgency(b) || compareQaIds(a.qaId, b.qaId)) }))
    .sort((a, b) => b.items.length - a.items.length || a.department.localeCompare(b.department, 'ja'));
}

function reviewItem(qa: Qa, checks: ReadonlyMap<string, SourceCheck>, mark: QaReviewMark | undefined, input: ReviewListInput): ReviewItem {
  // Saving the QA counts as looking at it for a changed page and for the cycle, not for a missing page:
  // the page is still gone until someone confirms the QA (or takes the address out).
  const confirmed = later(qa.updatedAt, mark?.at);
  const after = (at: string | null, since: string | undefined) => at !== null && (since === undefined || Date.parse(at) > Date.parse(since));
  const reasons: ReviewReason[] = [];
  const sources: ReviewSource[] = [];
  const seen = new Set<string>();
  for (const entry of qa.sourceUrls) {
    const url = checkableUrl(entry, input.facts);
    const check = url === null ? undefined : checks.get(url);
    sources.push({ entry, url, state: url === null ? 'unusable' : (check?.state ?? 'unchecked'), checkedAt: check?.checkedAt ?? null, changedAt: check?.changedAt ?? null });
    if (!check || seen.has(check.url)) continue;
    seen.add(check.url);
    if (check.state === 'missing' && after(check.changedAt ?? check.checkedAt, mark?.at)) reasons.push({ kind: 'source-missing', url: check.url, since: check.changedAt });
    else if (check.state === 'error' && after(check.checkedAt, mark?.at)) reasons.push({ kind: 'source-unreachable', url: check.url, checkedAt: check.checkedAt, error: check.error });
    if (check.state !== 'missing' && check.changedAt !== null && after(check.changedAt, confirmed)) reasons.push({ kind: 'source-changed', url: check.url, changedAt: check.changedAt });
  }
  const dueDay = addDays(japanDay(new Date(confirmed)), input.cycleDays);
  // Due on its due day: the list shows it from the day the cycle runs out.
  if (dueDay <= input.today) reasons.push({ kind: 'review-due', dueDay });
  reasons.sort((a, b) => REASON_ORDER[a.kind] - REASON_ORDER[b.kind]);
  return {
    qaId: qa.id,
    question: fillPlaceholders(qa.question, input.facts),
    status: qa.status,
    updatedAt: qa.updatedAt,
    reviewedAt: mark?.at ?? null,
    reviewedBy: mark?.actor ?? null,
    dueDay,
    reasons,
    sources,
  };
}
