/** The signed-in teacher, as GET /api/v1/me says (what this page uses of it), with the token every cookie request that changes something needs. */
export interface Teacher {
  name: string;
  csrfToken: string;
}

/**
 * Whether a teacher is signed in. The node answers /api/v1/me with 401 when it has sign-in but no session,
 * and with 200 {"signIn":"off"} when sign-in is off (ARDOISE_AUTH unset).
 */
export type SignIn = { state: "signed-in"; teacher: Teacher } | { state: "signed-out" } | { state: "unavailable" };

export async function signInState(): Promise<SignIn> {
  try {
    const response = await fetch("/api/v1/me", { headers: { Accept: "application/json" } });
    if (response.ok) {
      const body = (await response.json()) as Teacher | { signIn: "off" };
      return "csrfToken" in body ? { state: "signed-in", teacher: body } : { state: "unavailable" };
    }
    return { state: response.status === 401 ? "signed-out" : "unavailable" };
  } catch {
    // The node did not answer: the API key form still works once it does.
    return { state: "unavailable" };
  }
}

/** Ends the session on every node (POST /auth/logout, CSRF token in its header). */
export async function signOut(teacher: Teacher): Promise<boolean> {
  try {
    return (await fetch("/auth/logout", { method: "POST", headers: { "X-CSRF-Token": teacher.csrfToken } })).ok;
  } catch {
    return false;
  }
}
