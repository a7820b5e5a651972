import { Card, Stack, Text, Title } from '@mantine/core';
import type { ReactNode } from 'react';

/** A titled part of a page: a card labelled by its h2 (`id`), with an optional hint under the title. */
export function Section({ id, title, hint, align, testId, children }: { id: string; title: string; hint?: string; align?: 'start'; testId?: string; children: ReactNode }) {
  return (
    <Card withBorder padding="md" component="section" aria-labelledby={id} data-testid={testId}>
      <Stack gap="sm" align={align}>
        <Title order={2} size="h4" id={id}>
          {title}
        </Title>
        {hint !== undefined && (
          <Text size="sm" c="dimmed">
            {hint}
          </Text>
        )}
        {children}
      </Stack>
    </Card>
  );
}
