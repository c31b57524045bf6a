/**
 * Choosing a period: a preset (今月, 先月, 直近7日, 直近30日, 今年度) fills in the days; changing a day makes
 * it 期間を指定. Used by 統計 and 会話ログ.
 */
import { PRESET_LABELS, PRESETS, presetRange, type DayRange, type PresetId } from '../logic/periods.ts';
import { Field } from './ui.tsx';

export interface PeriodChoice {
  preset: PresetId;
  range: DayRange;
}

interface PeriodFieldsProps {
  value: PeriodChoice;
  /** Today in Japan: presets count up to it. */
  today: string;
  error?: string;
  onChange: (value: PeriodChoice) => void;
}

export function PeriodFields({ value, today, error, onChange }: PeriodFieldsProps) {
  const setDay = (end: 'from' | 'to', day: string) => onChange({ preset: 'custom', range: { ...value.range, [end]: day } });
  return (
    <>
      <Field label="期間">
        {({ id }) => (
          <select
            id={id}
            value={value.preset}
            onChange={(event) => {
              const preset = event.currentTarget.value as PresetId;
              onChange(preset === 'custom' ? { ...value, preset } : { preset, range: presetRange(preset, today) });
            }}
          >
            {PRESETS.map((preset) => (
              <option key={preset} value={preset}>
                {PRESET_LABELS[preset]}
              </option>
            ))}
          </select>
        )}
      </Field>
      <Field label="開始日" error={error}>
        {({ id, describedBy, invalid }) => (
          <input id={id} type="date" value={value.range.from} max={today} aria-describedby={describedBy} aria-invalid={invalid || undefined} onInput={(event) => setDay('from', event.currentTarget.value)} />
        )}
      </Field>
      <Field label="終了日">
        {({ id }) => <input id={id} type="date" value={value.range.to} max={today} onInput={(event) => setDay('to', event.currentTarget.value)} />}
      </Field>
    </>
  );
}
