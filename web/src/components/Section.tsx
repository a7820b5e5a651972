import { Card, Stack, Text, Title } from '@mantine/core';
import type { ReactNode } from 'react';

/** A titled part of a page: a card labelled by its h2 (`id`), with an optional hint under the title. */
export function Section({ id, title, hint, align, testId, children }: { id: string; title: string; hint?: string; align?: 'start'; testId?: string; children: ReactNode }) {
  return (
    <Card withBorder padding="md" component="section" aria-labelledby={id} data-testid={testId}>
      <Stack gap="sm" align={align}>
        <Heading order={2} id={id} title={title} hint={hint} />
        {children}
      </Stack>
    </Card>
  );
}

/** A titled part inside a section: an h3, with an optional hint. */
export function SubSection({ title, hint, children }: { title: string; hint?: string; children: ReactNode }) {
  return (
    <Stack gap="xs">
      <Heading order={3} title={title} hint={hint} />
      {children}
    </Stack>
  );
}

function Heading({ order, id, title, hint }: { order: 2 | 3; id?: string; title: string; hint: string | undefined }) {
  return (
    <>
      <Title order={order} size={order === 2 ? 'h4' : 'h5'} id={id}>
        {title}
      </Title>
      {hint !== undefined && (
        <Text size="sm" c="dimmed">
          {hint}
        </Text>
      )}
    </>
  );
}
