import { BrowserRouter, Link, Navigate, Route, Routes } from "react-router";

import { CompaniesPage } from "./companies/companies-page";
import { CompanyPage } from "./companies/company-page";
import { ContactPage } from "./contacts/contact-page";
import { ContactsPage } from "./contacts/contacts-page";
import { ImportPage } from "./imports/import-page";
import { AppHeader } from "./layout/app-header";
import { FailureNotices } from "./layout/failure-notices";
import { OfflineBanner } from "./layout/offline-banner";
import { SessionRoot } from "./session/session-root";
import { StaffPage } from "./staff/staff-page";
import { StaffPersonPage } from "./staff/staff-person-page";

/** Renders the app: sign-in first, then the screens, all reading the replica of the signed-in user. */
export function App() {
  return (
    <BrowserRouter>
      <SessionRoot>
        <div className="app-shell">
          <AppHeader />
          <OfflineBanner />
          <FailureNotices />
          <main className="app-main" id="main">
            <Routes>
              <Route index element={<Navigate to="/contacts" replace />} />
              <Route path="contacts" element={<ContactsPage />} />
              <Route path="contacts/:contactId" element={<ContactPage />} />
              <Route path="companies" element={<CompaniesPage />} />
              <Route path="companies/:companyId" element={<CompanyPage />} />
              <Route path="staff" element={<StaffPage />} />
              <Route path="staff/:staffId" element={<StaffPersonPage />} />
              <Route path="import" element={<ImportPage />} />
              <Route path="*" element={<NotFound />} />
            </Routes>
          </main>
        </div>
      </SessionRoot>
    </BrowserRouter>
  );
}

function NotFound() {
  return (
    <div className="panel">
      <h1>Page not found</h1>
      <p>
        <Link to="/contacts">Go to contacts</Link>
      </p>
    </div>
  );
}
