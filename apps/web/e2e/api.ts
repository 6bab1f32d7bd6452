import type { AppRouter } from "@crm/api";
import { createTrpcClient } from "@crm/client";
import type { TRPCClient } from "@trpc/client";
import { inject } from "vitest";

import { ADMIN, type Credentials } from "./users";

/** The typed API of the server under test, signed in with a bearer token. */
export type Api = TRPCClient<AppRouter>;

/**
 * Signs in over tRPC. Tests use the API to arrange records the browser then
 * works with, and to act as another user the browser does not see.
 */
export async function signInApi(user: Credentials = ADMIN): Promise<Api> {
  const url = `${inject("baseUrl")}/trpc`;
  const anonymous = createTrpcClient<AppRouter>({ url });
  const { token } = await anonymous.auth.login.mutate(user);
  return createTrpcClient<AppRouter>({ url, getToken: () => token });
}

export interface PartyRecords {
  readonly subject: { readonly id: string; readonly name: string };
  /** A contact with a primary membership, so its snapshot names a role and a company. */
  readonly partyContact: { readonly id: string; readonly name: string; readonly detail: string };
  readonly staff: { readonly id: string; readonly name: string; readonly detail: string };
}

/**
 * Creates a subject contact, a party contact working at a company and a staff
 * person, with names made of `label` so that the tests of one server never share records.
 */
export async function createPartyRecords(api: Api, label: string): Promise<PartyRecords> {
  const subject = await api.contacts.create.mutate({ name: `Nadia Brook ${label}` });
  const partyContact = await api.contacts.create.mutate({ name: `Felix Amsel ${label}` });
  const company = await api.companies.create.mutate({ name: `Quayside Freight ${label}` });
  await api.companies.addMember.mutate({
    companyId: company.id,
    contactId: partyContact.id,
    roleInCompany: "Logistics Lead",
    isPrimary: true,
  });
  const staff = await api.staff.create.mutate({
    name: `Iris Calloway ${label}`,
    jobTitle: "Account Manager",
  });
  return {
    subject: { id: subject.id, name: subject.name },
    partyContact: { id: partyContact.id, name: partyContact.name, detail: `Logistics Lead, ${company.name}` },
    staff: { id: staff.id, name: staff.name, detail: "Account Manager" },
  };
}
