/**
 * Small building blocks every screen uses: messages, labelled fields, buttons that show they are busy, a
 * confirmation dialog, paging.
 */
import type { ButtonHTMLAttributes, ComponentChildren } from 'preact';
import { useEffect, useId, useRef } from 'preact/hooks';

/** An error (read out at once) or a notice (read out when idle). Renders nothing without a message. */
export function Message({ kind, children, id }: { kind: 'error' | 'success' | 'info' | 'warning'; children?: ComponentChildren; id?: string }) {
  const empty = children === undefined || children === null || children === '' || children === false;
  const role = kind === 'error' ? 'alert' : 'status';
  return (
    <div role={role} id={id} class={empty ? 'live-slot' : `message message-${kind}`}>
      {empty ? null : children}
    </div>
  );
}

interface FieldProps {
  label: string;
  /** Shown under the label and read with the control. */
  hint?: ComponentChildren;
  error?: string | undefined;
  required?: boolean;
  /** Renders the control with the ids to wire up. */
  children: (ids: { id: string; describedBy: string | undefined; invalid: boolean }) => ComponentChildren;
  class?: string;
  /** A stable id for the control (an error summary links to it); generated otherwise. */
  id?: string;
}

/** A label, an optional hint and error, and the control, wired with for/aria-describedby/aria-invalid. */
export function Field({ label, hint, error, required, children, class: className, id: fixedId }: FieldProps) {
  const generated = useId();
  const id = fixedId ?? generated;
  const hintId = hint ? `${id}-hint` : undefined;
  const errorId = error ? `${id}-error` : undefined;
  const describedBy = [hintId, errorId].filter(Boolean).join(' ') || undefined;
  return (
    <div class={`field${error ? ' field-invalid' : ''}${className ? ` ${className}` : ''}`}>
      <label for={id}>
        {label}
        {required ? <span class="required">（必須）</span> : null}
      </label>
      {hint ? (
        <p class="hint" id={hintId}>
          {hint}
        </p>
      ) : null}
      {children({ id, describedBy, invalid: Boolean(error) })}
      {error ? (
        <p class="field-error" id={errorId}>
          {error}
        </p>
      ) : null}
    </div>
  );
}

type ButtonProps = Omit<ButtonHTMLAttributes<HTMLButtonElement>, 'type'> & {
  busy?: boolean;
  variant?: 'primary' | 'secondary' | 'danger' | 'link';
  type?: 'button' | 'submit';
  disabled?: boolean;
};

/** A button; while `busy` it is disabled and says so to screen readers. */
export function Button({ busy, variant = 'secondary', type = 'button', disabled, children, class: className, ...rest }: ButtonProps) {
  return (
    <button type={type} class={`button button-${variant}${className ? ` ${String(className)}` : ''}`} disabled={disabled || busy} aria-busy={busy ? 'true' : undefined} {...rest}>
      {children}
      {busy ? <span class="busy-dot" aria-hidden="true" /> : null}
    </button>
  );
}

interface ConfirmProps {
  open: boolean;
  title: string;
  children?: ComponentChildren;
  confirmLabel: string;
  danger?: boolean;
  busy?: boolean;
  onConfirm: () => void;
  onCancel: () => void;
}

/** A modal question (native <dialog>: focus stays inside, Escape cancels). Focus starts on キャンセル. */
export function ConfirmDialog({ open, title, children, confirmLabel, danger, busy, onConfirm, onCancel }: ConfirmProps) {
  const ref = useRef<HTMLDialogElement>(null);
  const titleId = useId();
  const cancelRef = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    if (open && !dialog.open) {
      dialog.showModal();
      cancelRef.current?.focus();
    } else if (!open && dialog.open) dialog.close();
  }, [open]);
  return (
    <dialog
      ref={ref}
      class="dialog"
      aria-labelledby={titleId}
      onCancel={(event) => {
        event.preventDefault();
        if (!busy) onCancel();
      }}
    >
      <h2 id={titleId}>{title}</h2>
      <div class="dialog-body">{children}</div>
      <div class="actions">
        <Button variant={danger ? 'danger' : 'primary'} busy={busy} onClick={onConfirm}>
          {confirmLabel}
        </Button>
        <button ref={cancelRef} type="button" class="button button-secondary" onClick={onCancel} disabled={busy}>
          キャンセル
        </button>
      </div>
    </dialog>
  );
}

/** Page links for a list: 前へ / 次へ and where we are. */
export function Pager({ page, pageCount, total, onPage, label = 'ページ送り' }: { page: number; pageCount: number; total: number; onPage: (page: number) => void; label?: string }) {
  if (total === 0) return null;
  return (
    <nav class="pager" aria-label={label}>
      <button type="button" class="button button-secondary" disabled={page <= 1} onClick={() => onPage(page - 1)}>
        前へ
      </button>
      <span>
        {page} / {pageCount} ページ（全 {total.toLocaleString('ja-JP')} 件）
      </span>
      <button type="button" class="button button-secondary" disabled={page >= pageCount} onClick={() => onPage(page + 1)}>
        次へ
      </button>
    </nav>
  );
}

/** A section that opens and closes (native <details>). */
export function Collapsible({ summary, children, open }: { summary: ComponentChildren; children: ComponentChildren; open?: boolean }) {
  return (
    <details class="collapsible" open={open}>
      <summary>{summary}</summary>
      <div class="collapsible-body">{children}</div>
    </details>
  );
}

/** Loading text, announced politely. */
export function Loading({ label = '読み込んでいます…' }: { label?: string }) {
  return (
    <p class="loading" role="status">
      {label}
    </p>
  );
}

/** Japanese date and time for people: 2026年11月30日 14:05. */
export function formatDateTime(iso: string | null | undefined): string {
  if (!iso) return '';
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return date.toLocaleString('ja-JP', { year: 'numeric', month: 'numeric', day: 'numeric', hour: '2-digit', minute: '2-digit' });
}

/**
 * The sticky save bar of an edit screen: any extra buttons first, then 保存する (enabled once something
 * changed), and a note while changes are unsaved.
 *
 * @example <SaveBar busy={busy} dirty={dirty} onSave={() => save(stored.revision)} />
 */
export function SaveBar({ busy, dirty, onSave, children }: { busy: boolean; dirty: boolean; onSave: () => void; children?: ComponentChildren }) {
  return (
    <div class="actions sticky-actions">
      {children}
      <Button variant="primary" busy={busy} disabled={!dirty} onClick={onSave}>
        保存する
      </Button>
      {dirty ? <span class="hint">保存していない変更があります。</span> : null}
    </div>
  );
}

/** The header of a table's last column of row buttons: named for screen readers only. */
export function ActionsHeader() {
  return (
    <th scope="col">
      <span class="visually-hidden">操作</span>
    </th>
  );
}

/**
 * A search or filter form: the fields (in `.toolbar` rows) as children, then この条件で表示 and any `actions`.
 * Submitting (the button or Enter) calls `onSearch`; the page does not reload.
 *
 * @example <SearchPanel label="QAの検索" onSearch={() => go(draft)}><div class="toolbar">…</div></SearchPanel>
 */
export function SearchPanel({ label, onSearch, actions, children }: { label: string; onSearch: () => void; actions?: ComponentChildren; children: ComponentChildren }) {
  return (
    <form
      class="panel"
      role="search"
      aria-label={label}
      onSubmit={(event) => {
        event.preventDefault();
        onSearch();
      }}
    >
      {children}
      <div class="actions">
        <Button type="submit" variant="primary">
          この条件で表示
        </Button>
        {actions}
      </div>
    </form>
  );
}

/**
 * A text cell of an editable table, labelled 「N 行目の…」 for screen readers (`row` counts from 1).
 *
 * @example <RowInputCell row={index + 1} column="名前" value={row.name} readOnly={!editable} onValue={(name) => update(row.key, { name })} />
 */
export function RowInputCell({ row, column, value, readOnly, size, onValue }: { row: number; column: string; value: string; readOnly: boolean; size?: number; onValue: (value: string) => void }) {
  return (
    <td>
      <input type="text" aria-label={`${row} 行目の${column}`} value={value} readOnly={readOnly} size={size} onInput={(e) => onValue(e.currentTarget.value)} />
    </td>
  );
}

/** The 削除 button cell of an editable table's row (`row` counts from 1). */
export function RemoveRowCell({ row, onRemove }: { row: number; onRemove: () => void }) {
  return (
    <td>
      <Button variant="link" class="button-small" aria-label={`削除（${row} 行目）`} onClick={onRemove}>
        削除
      </Button>
    </td>
  );
}
