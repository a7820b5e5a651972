import { createTheme, Drawer, MantineProvider, Modal } from '@mantine/core';
import { Suspense } from 'react';
import { Redirect, Route, Switch } from 'wouter';
import { Loading } from '../components/Page';
import LoginPage from '../pages/LoginPage';
import { NotAllowedPage, NotFoundPage } from '../pages/NotAllowedPage';
import { HOME, ROUTES } from './routes';
import { SessionProvider, useMe, useSession } from './session';
import { Shell } from './Shell';

const theme = createTheme({
  primaryColor: 'teal',
  defaultRadius: 'md',
  fontFamily: 'system-ui, -apple-system, "Segoe UI", Roboto, sans-serif',
  respectReducedMotion: true,
  components: {
    // Scroll locking (react-remove-scroll) writes a <style> element, which the CSP refuses.
    Modal: Modal.extend({ defaultProps: { lockScroll: false } }),
    Drawer: Drawer.extend({ defaultProps: { lockScroll: false } }),
  },
});

function SignedIn() {
  const me = useMe();
  return (
    <Shell>
      <Suspense fallback={<Loading />}>
        <Switch>
          <Route path="/">
            <Redirect to={HOME[me.role]} replace />
          </Route>
          <Route path="/login">
            <Redirect to={HOME[me.role]} replace />
          </Route>
          {ROUTES.map((r) => (
            <Route key={r.path} path={r.path} component={r.roles.includes(me.role) ? r.page : NotAllowedPage} />
          ))}
          <Route component={NotFoundPage} />
        </Switch>
      </Suspense>
    </Shell>
  );
}

function Gate() {
  const { state } = useSession();
  if (state.status === 'loading') return <Loading />;
  if (state.status === 'signedOut') return <LoginPage />;
  return <SignedIn />;
}

export function App() {
  return (
    // Variables and global classes come from @mantine/core/styles.css and styles.css: the
    // provider's own <style> elements would be refused by the CSP.
    <MantineProvider theme={theme} withCssVariables={false} withGlobalClasses={false} forceColorScheme="light">
      <SessionProvider>
        <Gate />
      </SessionProvider>
    </MantineProvider>
  );
}
