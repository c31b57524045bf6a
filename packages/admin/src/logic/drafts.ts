/**
 * The QAの下書き候補 screen's pure parts: reading the form's addresses and files, the words for a job's
 * progress and result, and a draft's form as the accept request.
 */
import type { AcceptDraftRequest, DraftJobLimits, DraftJobView, DraftView } from '@madoguchi/server/admin-api';

export const METHOD_LABELS: Readonly<Record<DraftView['method'], string>> = { rules: 'ページの Q&A から', model: 'AIモデルの案' };

/**
 * The addresses typed one a line: blanks skipped, repeats once; what is wrong, in Japanese.
 *
 * @example urlLines('https://a.jp/1.html\n\nhttps://a.jp/1.html', limits) // { urls: ['https://a.jp/1.html'], problem: '' }
 */
export function urlLines(text: string, limits: Pick<DraftJobLimits, 'maxUrls'>): { urls: string[]; problem: string } {
  const urls = [...new Set(text.split(/\r?\n/).map((line) => line.trim()).filter((line) => line !== ''))];
  if (urls.length === 0) return { urls, problem: 'ページのアドレスを1行に1つ入力してください。' };
  if (urls.length > limits.maxUrls) return { urls, problem: `ページのアドレスは一度に ${limits.maxUrls} 件までです（いま ${urls.length} 件）。` };
  const bad = urls.find((url) => !/^https?:\/\/[^\s/]+/i.test(url));
  return { urls, problem: bad ? `「${bad}」は http:// か https:// で始まるアドレスではありません。` : '' };
}

/** Bytes as whole megabytes, for limits. @example megabytes(20 * 1024 * 1024) // '20 MB' */
export function megabytes(bytes: number): string {
  return `${Math.round(bytes / 1024 / 1024)} MB`;
}

/**
 * Whether the chosen files can be sent, in Japanese ('' when they can).
 *
 * @example fileProblem([{ name: 'faq.pdf', size: 1024 }], limits) // ''
 */
export function fileProblem(files: readonly { name: string; size: number }[], limits: Pick<DraftJobLimits, 'maxFiles' | 'maxFileBytes'>): string {
  if (files.length === 0) return 'HTML か PDF のファイルを選んでください。';
  if (files.length > limits.maxFiles) return `ファイルは一度に ${limits.maxFiles} 個までです（いま ${files.length} 個）。`;
  const large = files.find((file) => file.size > limits.maxFileBytes);
  return large ? `「${large.name}」は大きすぎます（1つ ${megabytes(limits.maxFileBytes)} まで）。` : '';
}

/**
 * What a running job has done so far.
 *
 * @example jobProgressText({ pagesTotal: 10, pagesDone: 4, draftsMade: 12, … }) // '10 ページ中 4 ページを読みました。下書き候補は 12 件です。'
 */
export function jobProgressText(job: Pick<DraftJobView, 'status' | 'source' | 'pagesTotal' | 'pagesDone' | 'draftsMade'>): string {
  if (job.status === 'running' && job.pagesTotal === 0 && job.source === 'sitemap') return 'サイトマップを読んでいます…';
  const unit = job.source === 'files' ? 'ファイル' : 'ページ';
  return `${job.pagesTotal} ${unit}中 ${job.pagesDone} ${unit}を読みました。下書き候補は ${job.draftsMade} 件です。`;
}

/**
 * The result of a finished job, in one sentence to show and read out.
 *
 * @example jobResultText({ status: 'done', draftsMade: 5, draftsSkipped: 0, draftsDiscarded: 0, failures: [], … }) // '下書き候補を 5 件作りました。'
 */
export function jobResultText(job: DraftJobView): string {
  if (job.status === 'failed') return `下書き候補を作れませんでした。${job.error ?? ''}`;
  const parts = [`下書き候補を ${job.draftsMade} 件作りました。`];
  if (job.draftsSkipped > 0) parts.push(`同じページの同じ質問がすでに確認待ちにあるため、${job.draftsSkipped} 件は作りませんでした。`);
  if (job.draftsDiscarded > 0) parts.push(`AIモデルの案のうち ${job.draftsDiscarded} 件は、ページで内容を確かめられなかったため除きました。`);
  const failed = job.failures.filter((f) => f.source !== '').length;
  if (failed > 0) parts.push(`${failed} 件は読めませんでした（下に理由があります）。`);
  return parts.join('');
}

/** A draft as the staff member edits it before registering it. */
export interface DraftForm {
  qaId: string;
  question: string;
  /** One a line. */
  alternates: string;
  answer: string;
  category1: string;
  department: string;
}

/** @example draftForm(draft, '1201').qaId // '1201' */
export function draftForm(draft: DraftView, qaId: string): DraftForm {
  return { qaId, question: draft.question, alternates: draft.alternates.join('\n'), answer: draft.answer, category1: draft.category1, department: draft.department };
}

/**
 * The accept request of a form: trimmed, alternates one a line without blanks.
 *
 * @example acceptRequest({ qaId: ' 1201 ', question: 'Q', alternates: 'a\n\nb', answer: 'A', category1: '', department: '' }) // { qaId: '1201', question: 'Q', alternates: ['a', 'b'], answer: 'A', category1: '', department: '' }
 */
export function acceptRequest(form: DraftForm): AcceptDraftRequest {
  return {
    qaId: form.qaId.trim(),
    question: form.question.trim(),
    alternates: form.alternates
      .split(/\r?\n/)
      .map((line) => line.trim())
      .filter((line) => line !== ''),
    answer: form.answer.trim(),
    category1: form.category1.trim(),
    department: form.department.trim(),
  };
}
