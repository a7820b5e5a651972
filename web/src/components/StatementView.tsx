import { Alert, Anchor, Badge, Button, Card, Group, Stack, Table, Text, Title } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { apiUrl } from '../api/client';
import { useApi } from '../api/hooks';
import { useLive } from '../api/live';
import type { Dispute, NewDispute, Statement } from '../api/types';
import { currentLanguage } from '../i18n';
import { explanationParts, translateExplanation } from '../i18n/explanations';
import { DisputeModal } from './DisputeModal';
import { useFormat } from './format';
import { Loadable } from './Page';

type Result = Statement['results'][number];
type DisputeTarget = Omit<NewDispute, 'subject' | 'comment'> & { label: string; subject: string };

/** Deal, tier and rate, cap: the parts of a line's explanation a person asks about, as badges. */
function LineFacts({ explanation }: { explanation: string }) {
  const { t } = useTranslation();
  const f = useFormat();
  const parts = explanationParts(explanation);
  return (
    <Group gap={4} wrap="wrap">
      {parts.date && <Text size="xs">{t('statement.lineExplained', { deal: parts.deal ?? '', date: f.date(parts.date) })}</Text>}
      {parts.tiers.map((tier) => (
        <Badge key={tier.tier} size="sm" variant="light" color="blue">
          {t('statement.tierRate', { tier: tier.tier, rate: tier.rate })}
        </Badge>
      ))}
      {parts.capped && (
        <Badge size="sm" variant="light" color="orange">
          {t('statement.capApplied')}
        </Badge>
      )}
    </Group>
  );
}

function ResultCard({ result, statement, onDispute }: { result: Result; statement: Statement; onDispute: (target: DisputeTarget) => void }) {
  const { t } = useTranslation();
  const f = useFormat();
  const money = (v: string) => f.money(v, result.currency);
  const lang = currentLanguage();
  const base = { payee: statement.payee.id, period: result.period, plan: result.plan, runId: statement.run.id };
  return (
    <Card withBorder padding="md" data-testid="statement-result">
      <Stack gap="sm">
        <Group justify="space-between" wrap="wrap">
          <Title order={2} size="h4">
            {t('common.plan')}: {result.plan} · {f.period(result.period)}
          </Title>
          <Text fw={700} data-testid="result-payout">
            {t('statement.payout')}: {money(result.payout)}
          </Text>
        </Group>
        {Object.keys(result.quotas).length > 0 && (
          <Text size="sm" c="dimmed">
            {Object.entries(result.quotas)
              .map(([m, quota]) => t('rep.attainmentOf', { measure: m, value: f.number(result.measures[m] ?? '0'), quota: f.number(quota) }) + ` (${f.percent(result.attainment[m] ?? '0')})`)
              .join(' · ')}
          </Text>
        )}
        {result.components.map((c) => (
          <div key={c.id} data-testid={`component-${c.id}`}>
            <Group justify="space-between" wrap="wrap" gap="xs">
              <Text fw={600}>
                {c.id}: <span data-testid="component-earned">{money(c.earned)}</span>
                {c.uncapped !== c.earned && (
                  <Badge ml="xs" size="sm" color="orange" variant="light">
                    {t('statement.capped', { amount: money(c.earned) })} · {t('statement.uncapped')} {money(c.uncapped)}
                  </Badge>
                )}
              </Text>
              <Button className="no-print" size="compact-xs" variant="subtle" onClick={() => onDispute({ ...base, component: c.id, label: t('statement.disputeComponent', { component: c.id }), subject: t('disputes.subjectDefault', { deal: c.id, period: f.period(result.period) }) })}>
                {t('statement.dispute')}
              </Button>
            </Group>
            {c.explanation && (
              <Text size="xs" c="dimmed">
                {translateExplanation(c.explanation, lang)}
              </Text>
            )}
            {c.lines && c.lines.length > 0 && (
              <Table.ScrollContainer minWidth={560} type="native">
                <Table verticalSpacing={6} fz="sm" striped>
                  <Table.Thead>
                    <Table.Tr>
                      <Table.Th>{t('statement.deal')}</Table.Th>
                      <Table.Th className="num">{t('common.amount')}</Table.Th>
                      <Table.Th>{t('statement.explanation')}</Table.Th>
                      <Table.Th>
                        <span className="visually-hidden">{t('common.actions')}</span>
                      </Table.Th>
                    </Table.Tr>
                  </Table.Thead>
                  <Table.Tbody>
                    {c.lines.map((line, i) => (
                      <Table.Tr key={`${line.transaction ?? 'line'}-${i}`} data-testid="statement-line">
                        <Table.Td>{line.transaction ?? '—'}</Table.Td>
                        <Table.Td className="num" data-testid="line-amount">
                          {money(line.amount)}
                        </Table.Td>
                        <Table.Td>
                          {line.explanation && (
                            <Stack gap={2}>
                              <LineFacts explanation={line.explanation} />
                              <Text size="xs" c="dimmed" className="explanation">
                                {translateExplanation(line.explanation, lang)}
                              </Text>
                            </Stack>
                          )}
                        </Table.Td>
                        <Table.Td>
                          {line.transaction && (
                            <Button
                              className="no-print"
                              size="compact-xs"
                              variant="light"
                              aria-label={t('statement.disputeLine', { deal: line.transaction })}
                              onClick={() => onDispute({ ...base, component: c.id, transaction: line.transaction!, label: t('statement.disputeLine', { deal: line.transaction! }), subject: t('disputes.subjectDefault', { deal: line.transaction!, period: f.period(result.period) }) })}
                            >
                              {t('statement.dispute')}
                            </Button>
                          )}
                        </Table.Td>
                      </Table.Tr>
                    ))}
                  </Table.Tbody>
                </Table>
              </Table.ScrollContainer>
            )}
          </div>
        ))}
        {result.clawbacks.length > 0 && (
          <div>
            <Text fw={600}>{t('statement.clawbacks')}</Text>
            {result.clawbacks.map((cb, i) => (
              <Text size="sm" key={`${cb.transaction}-${i}`}>
                {cb.transaction}: {money(cb.amount)} {cb.explanation && <span className="explanation">— {translateExplanation(cb.explanation, lang)}</span>}
              </Text>
            ))}
          </div>
        )}
        {result.adjustments.length > 0 && (
          <div>
            <Text fw={600}>{t('statement.adjustments')}</Text>
            {result.adjustments.map((a) => (
              <Text size="sm" key={a.adjustment}>
                {t(`statement.adjustmentKind.${a.kind}`)}: {money(a.amount)} — {a.reason}
              </Text>
            ))}
          </div>
        )}
        {(result.draw.paid !== result.draw.recovered || /[1-9]/.test(result.draw.balance)) && (
          <Text size="sm">
            {t('statement.drawPaid')}: {money(result.draw.paid)} · {t('statement.drawRecovered')}: {money(result.draw.recovered)} · {t('statement.drawBalance')}: {money(result.draw.balance)}
          </Text>
        )}
      </Stack>
    </Card>
  );
}

/** A payee's statement for a period: every line with its explanation, and a dispute button on each. */
export function StatementView({ payee, period }: { payee: string; period: string }) {
  const { t } = useTranslation();
  const f = useFormat();
  const statement = useApi<Statement>(`/api/statements/${encodeURIComponent(payee)}`, { period });
  const [target, setTarget] = useState<DisputeTarget | null>(null);
  const [raised, setRaised] = useState<Dispute | null>(null);
  useLive((type, event) => {
    if (type === 'result' && 'payee' in event && event.payee === payee) statement.reload();
  });
  return (
    <>
      <Loadable state={statement} empty={t('rep.noStatement', { period: f.period(period) })}>
        {(s) => (
          <Stack gap="md">
            <Group gap="sm" wrap="wrap">
              <Text fw={600}>{s.payee.name}</Text>
              <Badge variant="light" color={s.run.status === 'paid' ? 'green' : s.run.status === 'approved' ? 'blue' : 'gray'}>
                {t('statement.run', { number: s.run.number, status: t(`runStatus.${s.run.status}`) })}
              </Badge>
              {s.totals.map((tot) => (
                <Text key={tot.currency} fw={700} size="lg" data-testid="statement-total">
                  {t('common.total')}: {f.money(tot.payout, tot.currency)}
                </Text>
              ))}
              <Group gap="sm" className="no-print">
                <Anchor href={apiUrl(`/api/statements/${encodeURIComponent(payee)}/statement.csv`, { period })} download size="sm">
                  {t('statement.downloadCsv')}
                </Anchor>
                <Button size="compact-sm" variant="subtle" onClick={() => window.print()}>
                  {t('statement.print')}
                </Button>
              </Group>
            </Group>
            {s.run.status === 'draft' && (
              <Alert color="gray" variant="light">
                {t('statement.draftNote')}
              </Alert>
            )}
            {raised && (
              <Alert color="green" variant="light" role="status" withCloseButton closeButtonLabel={t('common.close')} onClose={() => setRaised(null)}>
                {t('disputes.raised', { id: raised.id })}
              </Alert>
            )}
            {s.results.map((r) => (
              <ResultCard key={`${r.plan}-${r.period}`} result={r} statement={s} onDispute={setTarget} />
            ))}
          </Stack>
        )}
      </Loadable>
      <DisputeModal
        target={target}
        onClose={() => setTarget(null)}
        onRaised={(d) => {
          setTarget(null);
          setRaised(d);
        }}
      />
    </>
  );
}
