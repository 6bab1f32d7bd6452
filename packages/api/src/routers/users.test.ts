import { sessions, users } from "@crm/db";
import { describeEachDatabase } from "@crm/db/testing";
import { eq } from "drizzle-orm";
import { expect, test } from "vitest";

import { callerFor, createTestServices, createTestWorkspace } from "../../test/harness";
import { rejectionOf } from "../../test/rejection";
import { login, resolveSession } from "../services/auth";

const newUser = { email: "Grace@Example.com", name: "Grace Hopper", password: "a long password", role: "member" } as const;

describeEachDatabase("users router", (getHandle) => {
  async function setUp() {
    const services = createTestServices(getHandle());
    const workspace = await createTestWorkspace(services);
    return { services, workspace };
  }

  test("member cannot list users", async () => {
    const { workspace } = await setUp();

    const rejection = await rejectionOf(workspace.asMember.users.list());

    expect(rejection.code).toBe("FORBIDDEN");
  });

  test("member cannot create users", async () => {
    const { services, workspace } = await setUp();

    const rejection = await rejectionOf(workspace.asMember.users.create(newUser));

    expect(rejection.code).toBe("FORBIDDEN");
    expect(await services.db.select().from(users)).toHaveLength(2);
  });

  test("create and sign in", async () => {
    const { services, workspace } = await setUp();

    const created = await workspace.asAdmin.users.create(newUser);
    const signedIn = await login(services, { email: "grace@example.com", password: newUser.password });

    expect(created.role).toBe("member");
    expect(created.workspaceId).toBe(workspace.workspaceId);
    expect(created).not.toHaveProperty("passwordHash");
    expect(signedIn.user.id).toBe(created.id);
  });

  test("list includes every user", async () => {
    const { workspace } = await setUp();
    await workspace.asAdmin.users.create(newUser);

    const listed = await workspace.asAdmin.users.list();

    expect(listed.map((user) => user.name)).toEqual(["Ada Admin", "Grace Hopper", "Max Member"]);
  });

  test("create with used email", async () => {
    const { services, workspace } = await setUp();
    await workspace.asAdmin.users.create(newUser);

    const rejection = await rejectionOf(workspace.asAdmin.users.create({ ...newUser, email: "GRACE@example.com" }));

    expect(rejection.code).toBe("CONFLICT");
    expect(Object.keys(rejection.fieldErrors)).toEqual(["email"]);
    expect(await services.db.select().from(users)).toHaveLength(3);
  });

  test("create with bad email", async () => {
    const { workspace } = await setUp();

    const rejection = await rejectionOf(workspace.asAdmin.users.create({ ...newUser, email: "grace" }));

    expect(rejection.code).toBe("BAD_REQUEST");
    expect(Object.keys(rejection.fieldErrors)).toEqual(["email"]);
  });

  test("update name and role", async () => {
    const { workspace } = await setUp();

    const updated = await workspace.asAdmin.users.update({
      id: workspace.member.userId,
      changes: { name: "Max Moderator", role: "admin" },
    });

    expect(updated.name).toBe("Max Moderator");
    expect(updated.role).toBe("admin");
  });

  test("update links staff and contact", async () => {
    const { workspace } = await setUp();
    const staff = await workspace.asAdmin.staff.create({ name: "Max Member" });
    const contact = await workspace.asAdmin.contacts.create({ name: "Max Member" });

    const updated = await workspace.asAdmin.users.update({
      id: workspace.member.userId,
      changes: { staffPersonId: staff.id, contactId: contact.id },
    });
    const unlinked = await workspace.asAdmin.users.update({
      id: workspace.member.userId,
      changes: { staffPersonId: null },
    });

    expect(updated.staffPersonId).toBe(staff.id);
    expect(updated.contactId).toBe(contact.id);
    expect(unlinked.staffPersonId).toBeNull();
    expect(unlinked.contactId).toBe(contact.id);
  });

  test("staff person links to one user", async () => {
    const { workspace } = await setUp();
    const staff = await workspace.asAdmin.staff.create({ name: "Max Member" });
    await workspace.asAdmin.users.update({ id: workspace.member.userId, changes: { staffPersonId: staff.id } });

    const rejection = await rejectionOf(
      workspace.asAdmin.users.update({ id: workspace.admin.userId, changes: { staffPersonId: staff.id } }),
    );

    expect(rejection.code).toBe("CONFLICT");
    expect(Object.keys(rejection.fieldErrors)).toEqual(["changes.staffPersonId"]);
  });

  test("link to foreign contact", async () => {
    const { services, workspace } = await setUp();
    const other = await createTestWorkspace(services, "Globex");
    const foreign = await other.asAdmin.contacts.create({ name: "Foreign" });

    const rejection = await rejectionOf(
      workspace.asAdmin.users.update({ id: workspace.member.userId, changes: { contactId: foreign.id } }),
    );

    expect(rejection.code).toBe("BAD_REQUEST");
    expect(rejection.fieldErrors["changes.contactId"]).toEqual(["not found in this workspace"]);
  });

  test("last admin cannot be demoted", async () => {
    const { services, workspace } = await setUp();

    const rejection = await rejectionOf(
      workspace.asAdmin.users.update({ id: workspace.admin.userId, changes: { role: "member" } }),
    );
    const [admin] = await services.db.select().from(users).where(eq(users.id, workspace.admin.userId));

    expect(rejection.code).toBe("CONFLICT");
    expect(Object.keys(rejection.fieldErrors)).toEqual(["changes.role"]);
    expect(admin?.role).toBe("admin");
  });

  test("admin demoted when another remains", async () => {
    const { workspace } = await setUp();
    await workspace.asAdmin.users.update({ id: workspace.member.userId, changes: { role: "admin" } });

    const updated = await workspace.asAdmin.users.update({ id: workspace.admin.userId, changes: { role: "member" } });

    expect(updated.role).toBe("member");
  });

  test("last active admin cannot be deactivated", async () => {
    const { services, workspace } = await setUp();
    const promoted = { ...workspace.member, role: "admin" as const };
    await workspace.asAdmin.users.update({ id: workspace.member.userId, changes: { role: "admin" } });
    await callerFor(services, promoted).users.deactivate({ id: workspace.admin.userId });

    const rejection = await rejectionOf(
      workspace.asAdmin.users.update({ id: workspace.member.userId, changes: { role: "member" } }),
    );

    expect(rejection.code).toBe("CONFLICT");
  });

  test("deactivate ends sessions", async () => {
    const { services, workspace } = await setUp();
    const created = await workspace.asAdmin.users.create(newUser);
    const { token } = await login(services, { email: newUser.email, password: newUser.password });

    const deactivated = await workspace.asAdmin.users.deactivate({ id: created.id });

    expect(deactivated.deactivatedAt).toBeInstanceOf(Date);
    expect(await resolveSession(services, token)).toBeNull();
    expect(await services.db.select().from(sessions).where(eq(sessions.userId, created.id))).toEqual([]);
  });

  test("admin cannot deactivate self", async () => {
    const { services, workspace } = await setUp();

    const rejection = await rejectionOf(workspace.asAdmin.users.deactivate({ id: workspace.admin.userId }));
    const [admin] = await services.db.select().from(users).where(eq(users.id, workspace.admin.userId));

    expect(rejection.code).toBe("FORBIDDEN");
    expect(admin?.status).toBe("active");
  });

  test("password change ends other sessions", async () => {
    const { services, workspace } = await setUp();
    const created = await workspace.asAdmin.users.create(newUser);
    const { token } = await login(services, { email: newUser.email, password: newUser.password });

    await workspace.asAdmin.users.update({ id: created.id, changes: { password: "another long password" } });

    expect(await resolveSession(services, token)).toBeNull();
    await expect(login(services, { email: newUser.email, password: "another long password" })).resolves.toBeDefined();
  });

  test("foreign user ids", async () => {
    const { services, workspace } = await setUp();
    const other = await createTestWorkspace(services, "Globex");

    const update = await rejectionOf(
      workspace.asAdmin.users.update({ id: other.member.userId, changes: { name: "Taken Over" } }),
    );
    const deactivate = await rejectionOf(workspace.asAdmin.users.deactivate({ id: other.member.userId }));
    const listed = await workspace.asAdmin.users.list();
    const [foreign] = await services.db.select().from(users).where(eq(users.id, other.member.userId));

    expect(update.code).toBe("NOT_FOUND");
    expect(deactivate.code).toBe("NOT_FOUND");
    expect(listed.map((user) => user.id)).not.toContain(other.member.userId);
    expect(foreign?.name).toBe("Max Member");
    expect(foreign?.status).toBe("active");
  });
});
