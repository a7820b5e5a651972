import { ActionIcon, Button, Card, Checkbox, Group, NativeSelect, Stack, Text, Textarea, TextInput, Title } from '@mantine/core';
import { createContext, type ReactNode, useContext, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useFormat } from '../../components/format';
import {
  COMPONENT_TYPES,
  type ComponentType,
  type FieldPath,
  getIn,
  isMap,
  newComponent,
  newMeasureName,
  pathText,
  type PlanMap,
  type PlanValue,
  renameKey,
  scalarText,
  setIn,
  whereText,
  whereValue,
} from './plan-model';

/**
 * The no-code plan editor's form: every part of a plan (general fields, measures with their
 * filters, components of each type with tiers and steps, draw, clawback) edited in place on the
 * plan object. Each input carries its field path as its id (`field-components[0].rate`), which
 * is how the server's problems land next to the input they are about.
 */
interface Editing {
  readonly plan: PlanValue;
  readonly set: (path: FieldPath, value: PlanValue | undefined) => void;
  readonly replace: (plan: PlanValue) => void;
  /** Error messages about exactly this field (and its list items, with `items`). */
  readonly problemsAt: (path: FieldPath, items?: boolean) => string[];
}

const EditingContext = createContext<Editing | null>(null);

function useEditing(): Editing {
  const editing = useContext(EditingContext);
  if (!editing) throw new Error('plan form fields are used inside <PlanForm>');
  return editing;
}

export const fieldId = (path: FieldPath | string) => `field-${typeof path === 'string' ? path : pathText(path)}`;

const errorOf = (messages: string[]) => (messages.length > 0 ? messages.join(' ') : undefined);

/** A text field of the plan; `optional` ones are removed from the file when emptied. */
function Field({ path, label, description, optional, multiline }: { path: FieldPath; label: string; description?: string; optional?: boolean; multiline?: boolean }) {
  const { plan, set, problemsAt } = useEditing();
  const props = {
    id: fieldId(path),
    label,
    description,
    value: scalarText(getIn(plan, path)),
    error: errorOf(problemsAt(path)),
    onChange: (e: { currentTarget: { value: string } }) => set(path, optional && e.currentTarget.value.trim() === '' ? undefined : e.currentTarget.value),
  };
  return multiline ? <Textarea {...props} autosize minRows={2} spellCheck={false} /> : <TextInput {...props} spellCheck={false} />;
}

/** A rate with its percentage beside it, so 0.05 reads as 5%. */
function RateField({ path }: { path: FieldPath }) {
  const { t } = useTranslation();
  const f = useFormat();
  const { plan } = useEditing();
  const value = scalarText(getIn(plan, path)).trim();
  const percent = /^-?[0-9]+(\.[0-9]+)?$/.test(value) ? t('finance.plans.ratePercent', { percent: f.percent(value) }) : t('finance.plans.rateHint');
  return <Field path={path} label={t('finance.plans.rate')} description={percent} />;
}

function Choice({ path, label, options, fallback }: { path: FieldPath; label: string; options: { value: string; label: string }[]; fallback: string }) {
  const { plan, set, problemsAt } = useEditing();
  const current = scalarText(getIn(plan, path)) || fallback;
  const all = options.some((o) => o.value === current) ? options : [...options, { value: current, label: current }];
  return <NativeSelect id={fieldId(path)} label={label} data={all} value={current} error={errorOf(problemsAt(path))} onChange={(e) => set(path, e.currentTarget.value)} />;
}

/** A measure name or filter column: renamed when the input is left, so typing does not move the field under the caret. */
function KeyInput({ value, label, path, onRename }: { value: string; label: string; path: FieldPath; onRename: (to: string) => boolean }) {
  const { problemsAt } = useEditing();
  const [text, setText] = useState(value);
  useEffect(() => setText(value), [value]);
  const commit = () => {
    const to = text.trim();
    if (to === value || to === '' || !onRename(to)) setText(value);
  };
  return (
    <TextInput
      id={fieldId(path)}
      label={label}
      value={text}
      spellCheck={false}
      error={errorOf(problemsAt(path))}
      onChange={(e) => setText(e.currentTarget.value)}
      onBlur={commit}
      onKeyDown={(e) => {
        if (e.key === 'Enter') {
          e.preventDefault();
          commit();
        }
      }}
    />
  );
}

/** Move up, move down, remove: for list items (tiers, steps, components). */
function ItemActions({ what, index, count, onMove, onRemove }: { what: string; index: number; count: number; onMove: (to: number) => void; onRemove: () => void }) {
  const { t } = useTranslation();
  return (
    <Group gap={4} wrap="nowrap" className="item-actions">
      <ActionIcon variant="default" aria-label={t('finance.plans.moveUp', { what })} disabled={index === 0} onClick={() => onMove(index - 1)}>
        <span aria-hidden="true">↑</span>
      </ActionIcon>
      <ActionIcon variant="default" aria-label={t('finance.plans.moveDown', { what })} disabled={index === count - 1} onClick={() => onMove(index + 1)}>
        <span aria-hidden="true">↓</span>
      </ActionIcon>
      <ActionIcon variant="default" color="red" aria-label={t('finance.plans.remove', { what })} onClick={onRemove}>
        <span aria-hidden="true">✕</span>
      </ActionIcon>
    </Group>
  );
}

/** Problems about a whole part (a component, a tier) rather than one of its fields. */
function PartProblems({ path }: { path: FieldPath }) {
  const messages = useEditing().problemsAt(path);
  if (messages.length === 0) return null;
  return (
    <Text size="sm" c="red.9" role="alert">
      {messages.join(' ')}
    </Text>
  );
}

function Section({ title, children, path }: { title: string; children: ReactNode; path?: FieldPath }) {
  return (
    <Card withBorder padding="md" component="section" id={path ? fieldId(path) : undefined} tabIndex={path ? -1 : undefined}>
      <Stack gap="sm">
        <Title order={2} size="h4">
          {title}
        </Title>
        {path && <PartProblems path={path} />}
        {children}
      </Stack>
    </Card>
  );
}

function listAt(plan: PlanValue, path: FieldPath): PlanValue[] {
  const v = getIn(plan, path);
  return Array.isArray(v) ? v : [];
}

function mapAt(plan: PlanValue, path: FieldPath): PlanMap {
  const v = getIn(plan, path);
  return isMap(v) ? v : {};
}

/** A list of rows (tiers, steps) each with its own fields and move/remove buttons. */
function Rows({ path, what, add, addLabel, row }: { path: FieldPath; what: (n: number) => string; add: () => PlanMap; addLabel: string; row: (path: FieldPath, index: number, count: number) => ReactNode }) {
  const { plan, set } = useEditing();
  const items = listAt(plan, path);
  const move = (from: number, to: number) => {
    const next = [...items];
    const [item] = next.splice(from, 1);
    next.splice(to, 0, item!);
    set(path, next);
  };
  return (
    <Stack gap="xs">
      {items.map((_, i) => (
        <div key={i} className="plan-row" id={fieldId([...path, i])} tabIndex={-1}>
          <div className="field-grid">{row([...path, i], i, items.length)}</div>
          <ItemActions what={what(i + 1)} index={i} count={items.length} onMove={(to) => move(i, to)} onRemove={() => set(path, items.filter((__, j) => j !== i))} />
          <PartProblems path={[...path, i]} />
        </div>
      ))}
      <PartProblems path={path} />
      <Group>
        <Button variant="light" size="xs" onClick={() => set(path, [...items, add()])}>
          {addLabel}
        </Button>
      </Group>
    </Stack>
  );
}

/** `where`: column → one value or several. Emptied, the key goes. */
function WhereEditor({ path }: { path: FieldPath }) {
  const { t } = useTranslation();
  const { plan, set, problemsAt } = useEditing();
  const where = mapAt(plan, path);
  const entries = Object.entries(where);
  const put = (next: PlanMap) => set(path, Object.keys(next).length === 0 ? undefined : next);
  return (
    <fieldset className="plan-fieldset">
      <legend>{t('finance.plans.where')}</legend>
      <Stack gap="xs">
        {entries.length === 0 && (
          <Text size="sm" c="dimmed">
            {t('finance.plans.noConditions')}
          </Text>
        )}
        {entries.map(([field, value], i) => (
          <div key={i} className="plan-row">
            <div className="field-grid">
              <KeyInput
                value={field}
                label={t('finance.plans.whereField')}
                path={[...path, field, '__key']}
                onRename={(to) => {
                  if (to in where) return false;
                  put(renameKey(where, field, to));
                  return true;
                }}
              />
              <TextInput
                id={fieldId([...path, field])}
                label={t('finance.plans.whereValues')}
                description={t('finance.plans.whereValuesHint')}
                value={whereText(value)}
                error={errorOf(problemsAt([...path, field], true))}
                spellCheck={false}
                onChange={(e) => put({ ...where, [field]: whereValue(e.currentTarget.value) })}
              />
            </div>
            <Group gap={4}>
              <ActionIcon variant="default" aria-label={t('finance.plans.removeCondition', { field })} onClick={() => put(Object.fromEntries(entries.filter((_, j) => j !== i)))}>
                <span aria-hidden="true">✕</span>
              </ActionIcon>
            </Group>
          </div>
        ))}
        <Group>
          <Button variant="light" size="xs" onClick={() => put({ ...where, [newMeasureName(Object.keys(where)).replace('measure', 'column')]: '' })}>
            {t('finance.plans.addCondition')}
          </Button>
        </Group>
      </Stack>
    </fieldset>
  );
}

function GeneralSection({ fileId }: { fileId: string }) {
  const { t } = useTranslation();
  return (
    <Section title={t('finance.plans.general')}>
      <div className="field-grid">
        <TextInput id={fieldId(['id'])} label={t('finance.plans.id')} value={fileId} readOnly error={errorOf(useEditing().problemsAt(['id']))} />
        <Field path={['name']} label={t('finance.plans.name')} />
        <Choice
          path={['period']}
          label={t('finance.plans.period')}
          fallback="quarter"
          options={(['month', 'quarter', 'year'] as const).map((k) => ({ value: k, label: t(`finance.plans.periodKinds.${k}`) }))}
        />
        <Field path={['currency']} label={t('finance.plans.currency')} description={t('finance.plans.currencyHint')} optional />
      </div>
    </Section>
  );
}

function MeasuresSection() {
  const { t } = useTranslation();
  const { plan, set, replace } = useEditing();
  const measures = mapAt(plan, ['measures']);
  const names = Object.keys(measures);
  /** Renaming a measure renames the components' references to it too (formulas are the author's text: left alone). */
  const rename = (from: string, to: string): boolean => {
    if (to in measures || !/^[A-Za-z0-9_]+$/.test(to)) return false;
    let next = setIn(plan, ['measures'], renameKey(measures, from, to));
    listAt(next, ['components']).forEach((c, i) => {
      if (isMap(c) && c['measure'] === from) next = setIn(next, ['components', i, 'measure'], to);
    });
    replace(next);
    return true;
  };
  return (
    <Section title={t('finance.plans.measures')} path={['measures']}>
      {names.map((name, i) => {
        const path = ['measures', name] as const;
        const m = mapAt(plan, path);
        const kind = 'count' in m ? 'count' : 'sum';
        return (
          <Card key={i} withBorder padding="sm" id={fieldId(path)} tabIndex={-1}>
            <Stack gap="xs">
              <PartProblems path={path} />
              <div className="field-grid">
                <KeyInput value={name} label={t('finance.plans.measureName')} path={[...path, '__name']} onRename={(to) => rename(name, to)} />
                <NativeSelect
                  id={fieldId([...path, 'kind'])}
                  label={t('finance.plans.measureKind')}
                  value={kind}
                  data={(['sum', 'count'] as const).map((k) => ({ value: k, label: t(`finance.plans.measureKinds.${k}`) }))}
                  onChange={(e) => {
                    const { sum: _sum, count: _count, ...rest } = m;
                    set(path, e.currentTarget.value === 'count' ? { count: true, ...rest } : { sum: 'amount', ...rest });
                  }}
                />
                {kind === 'sum' && <Field path={[...path, 'sum']} label={t('finance.plans.sumField')} description={t('finance.plans.sumFieldHint')} />}
                <Choice
                  path={[...path, 'scope']}
                  label={t('finance.plans.scope')}
                  fallback="self"
                  options={(['self', 'team'] as const).map((k) => ({ value: k, label: t(`finance.plans.scopes.${k}`) }))}
                />
              </div>
              <WhereEditor path={[...path, 'where']} />
              <Group>
                <Button variant="subtle" color="red" size="xs" onClick={() => set(path, undefined)}>
                  {t('finance.plans.removeMeasure', { name })}
                </Button>
              </Group>
            </Stack>
          </Card>
        );
      })}
      <Group>
        <Button variant="light" size="xs" onClick={() => set(['measures', newMeasureName(names)], { sum: 'amount' })}>
          {t('finance.plans.addMeasure')}
        </Button>
      </Group>
    </Section>
  );
}

function MeasureChoice({ path }: { path: FieldPath }) {
  const { t } = useTranslation();
  const names = Object.keys(mapAt(useEditing().plan, ['measures']));
  return <Choice path={path} label={t('finance.plans.measure')} fallback="" options={[{ value: '', label: '—' }, ...names.map((n) => ({ value: n, label: n }))]} />;
}

function BasisChoice({ path }: { path: FieldPath }) {
  const { t } = useTranslation();
  return <Choice path={path} label={t('finance.plans.basis')} fallback="attainment" options={(['attainment', 'amount'] as const).map((k) => ({ value: k, label: t(`finance.plans.bases.${k}`) }))} />;
}

function CommissionFields({ path }: { path: FieldPath }) {
  const { t } = useTranslation();
  const { plan, set } = useEditing();
  const c = mapAt(plan, path);
  const tiered = 'tiers' in c;
  const tiers = listAt(plan, [...path, 'tiers']);
  const switchMode = (mode: string) => {
    const { rate, tiers: _tiers, basis: _basis, method: _method, ...rest } = c;
    set(path, mode === 'tiers' ? { ...rest, tiers: [{ to: '1.0', rate: scalarText(rate) || '0.05' }, { rate: '' }] } : { ...rest, rate: scalarText(getIn(c, ['tiers', 0, 'rate'])) || '0.05' });
  };
  return (
    <>
      <div className="field-grid">
        <MeasureChoice path={[...path, 'measure']} />
        <NativeSelect
          id={fieldId([...path, 'mode'])}
          label={t('finance.plans.rateMode')}
          value={tiered ? 'tiers' : 'rate'}
          data={(['rate', 'tiers'] as const).map((k) => ({ value: k, label: t(`finance.plans.rateModes.${k}`) }))}
          onChange={(e) => switchMode(e.currentTarget.value)}
        />
        {!tiered && <RateField path={[...path, 'rate']} />}
        {tiered && <BasisChoice path={[...path, 'basis']} />}
        {tiered && (
          <Choice
            path={[...path, 'method']}
            label={t('finance.plans.method')}
            fallback="graduated"
            options={(['graduated', 'retroactive'] as const).map((k) => ({ value: k, label: t(`finance.plans.methods.${k}`) }))}
          />
        )}
      </div>
      {tiered && (
        <fieldset className="plan-fieldset">
          <legend>{t('finance.plans.tiers')}</legend>
          <Rows
            path={[...path, 'tiers']}
            what={(n) => t('finance.plans.tier', { n })}
            addLabel={t('finance.plans.addTier')}
            add={() => ({ to: '', rate: '' })}
            row={(tier, i, count) => (
              <>
                {i < count - 1 || 'to' in mapAt(plan, tier) ? (
                  <Field path={[...tier, 'to']} label={t('finance.plans.tierTo')} />
                ) : (
                  <TextInput label={t('finance.plans.tierTo')} value={t('finance.plans.tierToLast')} readOnly variant="filled" id={fieldId([...tier, 'to'])} />
                )}
                <RateField path={[...tier, 'rate']} />
              </>
            )}
          />
          {tiers.length === 0 && <PartProblems path={[...path, 'tiers']} />}
        </fieldset>
      )}
    </>
  );
}

function BonusFields({ path }: { path: FieldPath }) {
  const { t } = useTranslation();
  return (
    <>
      <div className="field-grid">
        <MeasureChoice path={[...path, 'measure']} />
        <BasisChoice path={[...path, 'basis']} />
      </div>
      <fieldset className="plan-fieldset">
        <legend>{t('finance.plans.steps')}</legend>
        <Rows
          path={[...path, 'steps']}
          what={(n) => t('finance.plans.step', { n })}
          addLabel={t('finance.plans.addStep')}
          add={() => ({ at: '', amount: '' })}
          row={(step) => (
            <>
              <Field path={[...step, 'at']} label={t('finance.plans.stepAt')} />
              <Field path={[...step, 'amount']} label={t('finance.plans.stepAmount')} />
            </>
          )}
        />
      </fieldset>
    </>
  );
}

function SpiffFields({ path }: { path: FieldPath }) {
  const { t } = useTranslation();
  return (
    <>
      <div className="field-grid">
        <Choice path={[...path, 'per']} label={t('finance.plans.per')} fallback="deal" options={(['unit', 'deal'] as const).map((k) => ({ value: k, label: t(`finance.plans.pers.${k}`) }))} />
        <Field path={[...path, 'amount']} label={t('finance.plans.amount')} />
        <Field path={[...path, 'from']} label={t('finance.plans.from')} description={t('finance.plans.dateHint')} optional />
        <Field path={[...path, 'to']} label={t('finance.plans.to')} description={t('finance.plans.dateHint')} optional />
      </div>
      <WhereEditor path={[...path, 'where']} />
    </>
  );
}

function ComponentsSection() {
  const { t } = useTranslation();
  const { plan, set } = useEditing();
  const components = listAt(plan, ['components']);
  const [adding, setAdding] = useState<ComponentType>('commission');
  const ids = components.map((c) => (isMap(c) ? scalarText(c['id']) : ''));
  const move = (from: number, to: number) => {
    const next = [...components];
    const [item] = next.splice(from, 1);
    next.splice(to, 0, item!);
    set(['components'], next);
  };
  return (
    <Section title={t('finance.plans.components')} path={['components']}>
      {components.map((c, i) => {
        const path = ['components', i] as const;
        const type = scalarText(isMap(c) ? c['type'] : undefined);
        const typeLabel = (COMPONENT_TYPES as readonly string[]).includes(type) ? t(`finance.plans.componentTypes.${type as ComponentType}`) : type;
        const what = t('finance.plans.componentTitle', { type: typeLabel, id: ids[i] ?? '' });
        return (
          <Card key={i} withBorder padding="sm" id={fieldId(path)} tabIndex={-1} data-testid={`component-${i}`}>
            <Stack gap="xs">
              <Group justify="space-between" wrap="nowrap" align="flex-start">
                <Title order={3} size="h5">
                  {what}
                </Title>
                <ItemActions what={what} index={i} count={components.length} onMove={(to) => move(i, to)} onRemove={() => set(['components'], components.filter((_, j) => j !== i))} />
              </Group>
              <PartProblems path={path} />
              <div className="field-grid">
                <Field path={[...path, 'id']} label={t('finance.plans.componentId')} />
                <Field path={[...path, 'cap']} label={t('finance.plans.cap')} description={t('finance.plans.capHint')} optional />
              </div>
              {type === 'commission' && <CommissionFields path={path} />}
              {type === 'bonus' && <BonusFields path={path} />}
              {type === 'spiff' && <SpiffFields path={path} />}
              {type === 'formula' && <Field path={[...path, 'formula']} label={t('finance.plans.formula')} description={t('finance.plans.formulaHint')} multiline />}
            </Stack>
          </Card>
        );
      })}
      <Group align="flex-end">
        <NativeSelect
          label={t('finance.plans.componentType')}
          value={adding}
          data={COMPONENT_TYPES.map((k) => ({ value: k, label: t(`finance.plans.componentTypes.${k}`) }))}
          onChange={(e) => setAdding(e.currentTarget.value as ComponentType)}
        />
        <Button variant="light" onClick={() => set(['components'], [...components, newComponent(adding, ids, Object.keys(mapAt(plan, ['measures']))[0] ?? '')])}>
          {t('finance.plans.addComponent')}
        </Button>
      </Group>
    </Section>
  );
}

function DrawAndClawbackSection() {
  const { t } = useTranslation();
  const { plan, set } = useEditing();
  const draw = getIn(plan, ['draw']);
  const clawback = getIn(plan, ['clawback']);
  return (
    <Section title={`${t('finance.plans.draw')} · ${t('finance.plans.clawback')}`}>
      <Checkbox
        id={fieldId(['draw'])}
        label={t('finance.plans.hasDraw')}
        checked={draw !== undefined}
        onChange={(e) => set(['draw'], e.currentTarget.checked ? { amount: '1000', recoverable: false } : undefined)}
      />
      {draw !== undefined && (
        <div className="field-grid">
          <Field path={['draw', 'amount']} label={t('finance.plans.drawAmount')} />
          <Checkbox
            id={fieldId(['draw', 'recoverable'])}
            label={t('finance.plans.recoverable')}
            checked={getIn(plan, ['draw', 'recoverable']) === true}
            error={errorOf(useEditing().problemsAt(['draw', 'recoverable']))}
            onChange={(e) => set(['draw', 'recoverable'], e.currentTarget.checked)}
          />
        </div>
      )}
      <PartProblems path={['draw']} />
      <Checkbox
        id={fieldId(['clawback'])}
        label={t('finance.plans.hasClawback')}
        checked={clawback !== undefined}
        onChange={(e) => set(['clawback'], e.currentTarget.checked ? { window_days: '90' } : undefined)}
      />
      {clawback !== undefined && (
        <div className="field-grid">
          <Field path={['clawback', 'window_days']} label={t('finance.plans.windowDays')} />
        </div>
      )}
      <PartProblems path={['clawback']} />
    </Section>
  );
}

export function PlanForm({ editing, planId }: { editing: Editing; planId: string }) {
  return (
    <EditingContext.Provider value={editing}>
      <Stack gap="md">
        <GeneralSection fileId={planId} />
        <MeasuresSection />
        <ComponentsSection />
        <DrawAndClawbackSection />
      </Stack>
    </EditingContext.Provider>
  );
}

export type { Editing };
