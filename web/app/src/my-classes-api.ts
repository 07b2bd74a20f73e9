import { fromJson } from "@bufbuild/protobuf";
import { MyClassesResponseSchema, type MyClass } from "./gen/ardoise/v1/api_pb";
import type { Teacher } from "./sign-in";

export type { MyClass };

/** A refusal of the teachers' API, with the node's own words when it gave them: an RFC 9457 problem's code and detail. */
export class ApiError extends Error {
  constructor(readonly status: number, readonly code: string, message: string) {
    super(message);
  }
}

const BASE = "/api/v1/my/classes";

/** /api/v1/my/classes with the session cookie; every change carries the session's CSRF token. */
export class MyClassesApi {
  constructor(private readonly teacher: Teacher) {}

  async list(): Promise<MyClass[]> {
    const response = await this.call("GET", "");
    // Fields the node adds later must not break an older page.
    return fromJson(MyClassesResponseSchema, await response.json(), { ignoreUnknownFields: true }).classes;
  }

  create(title: string): Promise<Response> {
    return this.call("POST", "", { title });
  }

  rename(roomId: string, title: string): Promise<Response> {
    return this.call("PATCH", `/${encodeURIComponent(roomId)}`, { title });
  }

  /** archive, unarchive, end, links/student/renew: the POSTs without a body. */
  act(roomId: string, action: "archive" | "unarchive" | "end" | "links/student/renew"): Promise<Response> {
    return this.call("POST", `/${encodeURIComponent(roomId)}/${action}`);
  }

  remove(roomId: string): Promise<Response> {
    return this.call("DELETE", `/${encodeURIComponent(roomId)}`);
  }

  private async call(method: string, path: string, body?: unknown): Promise<Response> {
    const headers: Record<string, string> = { Accept: "application/json" };
    if (method !== "GET") headers["X-CSRF-Token"] = this.teacher.csrfToken;
    if (body !== undefined) headers["Content-Type"] = "application/json";
    const response = await fetch(BASE + path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body), cache: "no-store" });
    if (response.ok) return response;
    const refusal = (await response.json().catch(() => ({}))) as { error?: string; detail?: string };
    throw new ApiError(response.status, refusal.error ?? "", refusal.detail ?? `HTTP ${response.status}`);
  }
}
