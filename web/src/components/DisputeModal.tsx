import { Alert, Button, Group, Modal, Stack, Textarea, TextInput } from '@mantine/core';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../api/client';
import { errorText } from '../api/error-text';
import type { Dispute, NewDispute } from '../api/types';

/** Raising a dispute on a statement line (or a whole component): subject and what is wrong, to finance. */
export function DisputeModal({ target, onClose, onRaised }: { target: (Omit<NewDispute, 'subject' | 'comment'> & { label: string; subject: string }) | null; onClose: () => void; onRaised: (d: Dispute) => void }) {
  const { t } = useTranslation();
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const submit = async (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    if (!target) return;
    const form = new FormData(e.currentTarget);
    const { label: _label, ...where } = target;
    setBusy(true);
    setError(null);
    try {
      onRaised(await api.post<Dispute>('/api/disputes', { ...where, subject: String(form.get('subject') ?? ''), comment: String(form.get('comment') ?? '') }));
    } catch (err) {
      setError(errorText(err, t));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Modal opened={target !== null} onClose={onClose} title={target?.label ?? ''} closeButtonProps={{ 'aria-label': t('common.close') }}>
      {target && (
        <form onSubmit={(e) => void submit(e)}>
          <Stack gap="sm">
            <TextInput name="subject" label={t('disputes.subject')} defaultValue={target.subject} required maxLength={200} />
            <Textarea name="comment" label={t('disputes.comment')} description={t('disputes.commentHint')} required autosize minRows={3} maxLength={10000} data-autofocus />
            {error && (
              <Alert color="red" role="alert">
                {error}
              </Alert>
            )}
            <Group justify="flex-end">
              <Button variant="default" onClick={onClose}>
                {t('common.cancel')}
              </Button>
              <Button type="submit" loading={busy}>
                {t('disputes.submit')}
              </Button>
            </Group>
          </Stack>
        </form>
      )}
    </Modal>
  );
}
