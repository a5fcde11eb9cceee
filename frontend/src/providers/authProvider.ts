// Sign-in through the backend's server-side session: the cookies are set and cleared by the
// server; who the user is and what they may do come from GET /api/auth/me.
import type { AuthProvider } from "react-admin";

import type { Grant, Me, Role } from "../types";
import { API_URL, httpClient } from "./dataProvider";

// One request for the signed-in user, shared until sign-in, sign-out or a 401.
let current: Promise<Me> | null = null;

const fetchMe = (): Promise<Me> => {
  current ??= httpClient(`${API_URL}/auth/me`).then(({ json }) => json as Me);
  current.catch(() => {
    current = null;
  });
  return current;
};

const forget = () => {
  current = null;
};

/** Save the language the person chose in the app bar with their account, so that mail and
 * workbooks speak it too. */
export const saveLanguage = async (language: string): Promise<void> => {
  const { json } = await httpClient(`${API_URL}/auth/me/language`, {
    method: "PUT",
    body: JSON.stringify({ language }),
  });
  current = Promise.resolve(json as Me);
};

const statusOf = (error: unknown): number | undefined =>
  error && typeof error === "object" && "status" in error
    ? (error as { status?: number }).status
    : undefined;

export const authProvider: AuthProvider = {
  login: async ({ username, password }: { username: string; password: string }) => {
    forget();
    try {
      const { json } = await httpClient(`${API_URL}/auth/login`, {
        method: "POST",
        body: JSON.stringify({ username, password }),
      });
      current = Promise.resolve(json as Me);
    } catch (error) {
      // A wrong password gets react-admin's own translated message; a lock-out says for how long.
      if (statusOf(error) === 401) {
        throw new Error("ra.auth.sign_in_error", { cause: error });
      }
      throw error;
    }
  },

  logout: async () => {
    forget();
    // The session may already have ended on the server: signing out is done either way.
    await httpClient(`${API_URL}/auth/logout`, { method: "POST" }).catch(() => undefined);
  },

  checkAuth: async () => {
    await fetchMe();
  },

  checkError: async (error: unknown) => {
    if (statusOf(error) === 401) {
      forget();
      throw error;
    }
    // 403 means "signed in but not allowed": the user stays signed in.
  },

  getIdentity: async () => {
    const me = await fetchMe();
    return { ...me, fullName: me.full_name || me.username };
  },

  getPermissions: async (): Promise<Grant[]> => {
    try {
      return (await fetchMe()).grants;
    } catch {
      return [];
    }
  },
};

/** Whether the grants (react-admin's permissions) hold one of these roles. */
export const can = (permissions: unknown, role: Role | readonly Role[]): boolean => {
  const roles: readonly Role[] = typeof role === "string" ? [role] : role;
  return (
    Array.isArray(permissions) &&
    permissions.some((grant: Grant) => roles.includes(grant.role))
  );
};
