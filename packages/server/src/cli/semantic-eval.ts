/**
 * `madoguchi eval --semantic`: the cases with the engine alone and with the semantic plug-in side by side,
 * through the configured embeddings endpoint (the same flags and environment as `serve`).
 */
import { ModelConfigError, type ModelConfig } from '../ai/models/model-config.ts';
import { createModelProviders } from '../ai/models/providers.ts';
import { compareWithSemantic, type CaseChange } from '../ai/semantic/semantic-evaluation.ts';
import { SemanticIndex } from '../ai/semantic/semantic-index.ts';
import { SemanticSearch } from '../ai/semantic/semantic-search.ts';
import type { EvaluationCase } from '../evaluation/metrics.ts';
import { formatComparison } from '../evaluation/report.ts';
import type { SearchService } from '../search/search-service.ts';
import type { Store } from '../store/store.ts';

/**
 * Embeds the QAs (only texts the store has no vector for) and the questions, runs both, and returns the
 * report: the figures side by side, then up to `maxChanges` questions that improved and that worsened.
 *
 * @throws ModelConfigError without an embeddings endpoint; Error when it embedded nothing.
 */
export async function semanticEvaluationReport(
  store: Store,
  siteId: string,
  search: SearchService,
  cases: readonly EvaluationCase[],
  config: ModelConfig,
  title: string,
  maxChanges: number,
): Promise<string> {
  const models = createModelProviders(config, store, siteId);
  const { embeddings } = models;
  if (!embeddings) {
    throw new ModelConfigError('--semantic には埋め込みモデルの指定が必要です（--embedding-model-url と --embedding-model、または環境変数 MADOGUCHI_EMBEDDING_MODEL_URL と MADOGUCHI_EMBEDDING_MODEL）。');
  }
  const semantic = await SemanticSearch.open(store, siteId, new SemanticIndex(store, search, embeddings));
  try {
    await semantic.index.refresh();
    const status = semantic.index.status();
    if (status.vectors === 0) throw new ModelConfigError(`埋め込みモデルから結果を受け取れませんでした: ${status.lastError ?? '不明な理由'}`);
    const comparison = await compareWithSemantic(cases, semantic);
    const lines = [formatComparison(comparison.engine, comparison.semantic, ['engine', `+ ${embeddings.model}`], title)];
    if (status.vectors < status.qas) lines.push(`  (QA ${status.qas} 件のうち ${status.qas - status.vectors} 件は埋め込めませんでした: ${status.lastError ?? ''})`);
    lines.push(`  fusion ${JSON.stringify(semantic.fusionOptions)}`);
    lines.push(...changes('improved', comparison.improved, maxChanges), ...changes('worsened', comparison.worsened, maxChanges));
    return lines.join('\n');
  } finally {
    await semantic.close();
    // The caller closes the store next.
    await models.usageSettled();
  }
}

function changes(label: string, rows: readonly CaseChange[], max: number): string[] {
  if (rows.length === 0) return [`  ${label}: 0`];
  const shown = rows.slice(0, max);
  const place = (o: CaseChange['engine']): string => `${o.decision}${o.rank > 0 ? ` #${o.rank}` : ''}`;
  return [
    `  ${label}: ${rows.length}${rows.length > shown.length ? ` (first ${shown.length})` : ''}`,
    ...shown.map((c) => `    ${c.question}  expected ${c.expected.join(';') || 'none'}: ${place(c.engine)} → ${place(c.semantic)}`),
  ];
}
