// The application as a table of contents: providers, layout, and one <Resource> per API
// resource (see each folder's index.ts). Custom screens go in the two arrays below.
import type { ReactElement } from "react";
import { Admin, CustomRoutes, Resource } from "react-admin";

import { cockpitMenuItem, cockpitRoute } from "./cockpit";
import { figuresMenuItem, figuresRoute } from "./figures";
import { makeLayout } from "./layout/Layout";
import { LoginPage } from "./layout/LoginPage";
import type { ExtraMenuItem } from "./layout/Menu";
import { MyWork, myWorkMenuItem } from "./mywork";
import { authProvider } from "./providers/authProvider";
import { dataProvider } from "./providers/dataProvider";
import { i18nProvider } from "./providers/i18nProvider";
import { queryClient } from "./providers/queryClient";
import actionPlans from "./resources/action-plans";
import actionReports from "./resources/action-reports";
import auditEvents from "./resources/audit-events";
import contributions from "./resources/contributions";
import indicatorValues from "./resources/indicator-values";
import indicators from "./resources/indicators";
import notifications from "./resources/notifications";
import operationalActions from "./resources/operational-actions";
import organisations from "./resources/organisations";
import participations from "./resources/participations";
import priorities from "./resources/priorities";
import reportingCycles from "./resources/reporting-cycles";
import roleGrants from "./resources/role-grants";
import uploads from "./resources/uploads";
import users from "./resources/users";
import { resultsMenuItem, resultsRoute } from "./results";
import { theme } from "./theme";
import { uploadMenuItem, uploadRoute } from "./upload";

/**
 * Custom screens (the "My work" dashboard, the cycle cockpit, the upload wizard, the results
 * charts...): add each page here as a <Route path="..." element={...} /> (from
 * react-router-dom); they render inside the layout, behind sign-in.
 */
export const extraRoutes: ReactElement[] = [cockpitRoute, figuresRoute, uploadRoute, resultsRoute];

/** Their menu entries, shown above the resources to the roles listed; `label` is a
 * translation key in src/i18n. */
export const extraMenuItems: ExtraMenuItem[] = [
  myWorkMenuItem,
  figuresMenuItem,
  cockpitMenuItem,
  uploadMenuItem,
  resultsMenuItem,
];

const Layout = makeLayout(extraMenuItems);

export const App = () => (
  <Admin
    dataProvider={dataProvider}
    authProvider={authProvider}
    i18nProvider={i18nProvider}
    queryClient={queryClient}
    theme={theme}
    layout={Layout}
    loginPage={LoginPage}
    dashboard={MyWork}
    requireAuth
    disableTelemetry
    title="EMPACT"
  >
    <Resource name="action-plans" {...actionPlans} />
    <Resource name="operational-actions" {...operationalActions} />
    <Resource name="participations" {...participations} />
    <Resource name="reporting-cycles" {...reportingCycles} />
    <Resource name="action-reports" {...actionReports} />
    <Resource name="contributions" {...contributions} />
    <Resource name="indicator-values" {...indicatorValues} />
    <Resource name="uploads" {...uploads} />
    <Resource name="priorities" {...priorities} />
    <Resource name="indicators" {...indicators} />
    <Resource name="organisations" {...organisations} />
    <Resource name="users" {...users} />
    <Resource name="role-grants" {...roleGrants} />
    <Resource name="audit-events" {...auditEvents} />
    <Resource name="notifications" {...notifications} />
    {/* Referenced by the screens above; no screens of their own yet. */}
    <Resource name="policy-cycles" recordRepresentation="code" />
    <Resource
      name="sub-priorities"
      recordRepresentation={(record: { code: string; name: string }) => `${record.code} ${record.name}`}
    />
    <Resource
      name="strategic-goals"
      recordRepresentation={(record: { code: string; name: string }) => `${record.code}. ${record.name}`}
    />
    <CustomRoutes>{extraRoutes}</CustomRoutes>
  </Admin>
);
