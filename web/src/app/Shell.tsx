import { Burger, Button, Drawer, NavLink, Stack, Text } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useLocation } from 'wouter';
import { LanguageSwitch } from '../components/LanguageSwitch';
import { ROUTES } from './routes';
import { useMe, useSession } from './session';

function Menu({ onNavigate }: { onNavigate?: () => void }) {
  const { t } = useTranslation();
  const me = useMe();
  const [location] = useLocation();
  return (
    <nav aria-label={t('app.mainNavigation')}>
      <Stack gap={2}>
        {ROUTES.filter((r) => r.nav && r.roles.includes(me.role)).map((r) => (
          <NavLink
            key={r.path}
            component={Link}
            href={r.path}
            label={t(`nav.${r.nav!}`)}
            active={location === r.path || location.startsWith(`${r.path}/`)}
            aria-current={location === r.path ? 'page' : undefined}
            {...(onNavigate ? { onClick: onNavigate } : {})}
          />
        ))}
      </Stack>
    </nav>
  );
}

/** Header, menu (a side column on a desktop, a drawer on a phone) and the page. */
export function Shell({ children }: { children: ReactNode }) {
  const { t } = useTranslation();
  const me = useMe();
  const { signOut } = useSession();
  const [opened, { toggle, close }] = useDisclosure(false);
  return (
    <div className="shell">
      <a className="skip-link" href="#main">
        {t('app.skipToContent')}
      </a>
      <header className="shell-header">
        <Burger className="shell-burger" opened={opened} onClick={toggle} size="sm" aria-label={t('app.menu')} aria-expanded={opened} />
        <Link href="/" className="brand">
          <img src="/favicon.svg" alt="" width={24} height={24} />
          <span>{t('app.name')}</span>
        </Link>
        <div className="shell-tools">
          <LanguageSwitch />
          <Text size="xs" c="dimmed" className="shell-who" data-testid="who">
            {t('app.signedInAs', { email: me.user.email, role: t(`roles.${me.role}`) })}
          </Text>
          <Button size="xs" variant="default" onClick={() => void signOut()}>
            {t('app.signOut')}
          </Button>
        </div>
      </header>
      <div className="shell-body">
        <aside className="shell-nav">
          <Menu />
        </aside>
        <Drawer opened={opened} onClose={close} title={t('app.menu')} size="xs" closeButtonProps={{ 'aria-label': t('common.close') }}>
          <Menu onNavigate={close} />
        </Drawer>
        <main id="main" className="shell-main" tabIndex={-1}>
          {children}
        </main>
      </div>
    </div>
  );
}
