import { Archive, ArchiveRestore, ClipboardList, DoorOpen, Download, Ellipsis, History, Pencil, RefreshCw, Trash2 } from "lucide";
import { attendanceDialog } from "./attendance";
import { h, replace } from "./dom";
import { problemText, t } from "./i18n";
import { ApiError, MyClassesApi, type MyClass } from "./my-classes-api";
import { showScreen } from "./screens";
import { signInState } from "./sign-in";
import { askText } from "./ui/ask-text";
import { brand } from "./ui/brand";
import { confirmAction } from "./ui/confirm";
import { copyLink } from "./ui/copy-link";
import { icon } from "./ui/icon";
import { menuButton, type MenuItem } from "./ui/menu";

// Often enough to see a class fill up before a lesson, rarely enough to cost the node nothing.
const REFRESH_MS = 15_000;
const MAX_TITLE = 200;
// A card's controls, by which the focus finds its way back into the card once it has been rebuilt.
const CONTROLS = [".menu-button", "h3", ".link input", ".link button", "a.open-teacher"];

/**
 * A class's card, kept across refreshes while its title, its archived state and which links it has stay the same,
 * so the focus and an open menu stay where they are.
 */
interface Card {
  element: HTMLLIElement;
  status: HTMLElement;
  shape: string;
  current: MyClass;
}

/**
 * A signed-in teacher's classes (/classes): a create form, the classes with their student link and
 * their actions, the archived ones folded away. Without a session the landing page signs in; without
 * sign-in on the node this page does not exist.
 */
export async function showMyClasses(root: HTMLElement): Promise<void> {
  document.title = `${t("myClasses")} — Ardoise`;
  document.body.dataset.screen = "my-classes";
  const who = await signInState();
  if (who.state === "signed-out") return location.replace("/");
  if (who.state === "unavailable") return showScreen(root, "not-found", { label: t("goHome"), run: () => location.assign("/") });
  const api = new MyClassesApi(who.teacher);

  const status = h("p", { role: "status", class: "status", id: "my-classes-status" });
  const title = h("input", { id: "new-class-title", name: "title", required: true, maxlength: MAX_TITLE, autocomplete: "off" });
  const submit = h("button", { type: "submit", id: "create-class" }, t("create"));
  const form = h("form", { class: "create-form", onsubmit: (event: Event) => void create(event) },
    h("label", { for: "new-class-title" }, t("newClassTitle")), title, submit);
  const empty = h("p", { id: "no-classes", hidden: true }, t("noClassesYet"));
  const current = h("ul", { class: "class-list", id: "current-classes", "aria-labelledby": "current-heading" });
  const archived = h("ul", { class: "class-list", id: "archived-classes" });
  const archivedCount = h("span");
  const archivedSummary = h("summary", null, archivedCount);
  const archivedSection = h("details", { class: "archived", id: "archived-section", hidden: true }, archivedSummary, archived);
  const heading = h("h2", { id: "current-heading", tabindex: -1 }, t("yourClasses"));
  const cards = new Map<string, Card>();

  async function create(event: Event): Promise<void> {
    event.preventDefault();
    submit.disabled = true;
    const created = await run(() => api.create(title.value.trim()), t("createdClass", title.value.trim()));
    submit.disabled = false;
    if (!created) return;
    title.value = "";
    cards.get(((await created.json()) as { roomId: string }).roomId)?.element.querySelector("h3")?.focus();
  }

  /** Does one change, says how it went, then shows the list as it now is. */
  async function run(change: () => Promise<Response>, done: string): Promise<Response | undefined> {
    try {
      const response = await change();
      status.textContent = done;
      status.dataset.tone = "info";
      await refresh();
      // A deleted card takes the focus with it: the keyboard starts again from the list's heading.
      if (!root.contains(document.activeElement)) heading.focus();
      return response;
    } catch (error) {
      status.textContent = t("actionFailed", explain(error as Error));
      status.dataset.tone = "problem";
      await refresh();
      return undefined;
    }
  }

  async function refresh(): Promise<void> {
    let classes: MyClass[];
    try {
      classes = await api.list();
    } catch (error) {
      // The session ended (signed out elsewhere, expired): the landing page offers to sign in again.
      if (error instanceof ApiError && error.status === 401) location.replace("/");
      return;
    }
    const focused = focusInCard();
    const seen = new Set<string>();
    for (const c of classes) {
      seen.add(c.roomId);
      // Not the links themselves: the node signs them afresh on every listing (their expiry moves on), and
      // rebuilding every card each refresh closed the menu a teacher had open.
      const shape = JSON.stringify([c.title, c.archived, Boolean(c.teacher), Boolean(c.student)]);
      let card = cards.get(c.roomId);
      if (!card || card.shape !== shape) {
        const built = buildCard(c, () => cards.get(c.roomId)!.current);
        card?.element.replaceWith(built.element);
        card = { ...built, shape, current: c };
        cards.set(c.roomId, card);
      }
      card.current = c;
      updateLinks(card.element, c);
      card.status.textContent = presence(c);
      card.element.dataset.live = String(c.live);
    }
    for (const [roomId, card] of cards) if (!seen.has(roomId)) {
      card.element.remove();
      cards.delete(roomId);
    }
    place(current, classes.filter((c) => !c.archived).map((c) => cards.get(c.roomId)!.element));
    const folded = classes.filter((c) => c.archived);
    place(archived, folded.map((c) => cards.get(c.roomId)!.element));
    archivedCount.textContent = t("archivedClasses", String(folded.length));
    archivedSection.hidden = folded.length === 0;
    empty.hidden = classes.length > 0;
    if (focused && !root.contains(document.activeElement)) refocus(focused.roomId, focused.control);
  }

  /**
   * A renamed, archived or unarchived card is built again, which drops the focus: it goes to the same control of
   * the new card, or, when the card went into the folded "Archivées", to that section's summary, where it went.
   */
  function refocus(roomId: string, control: string): void {
    const card = cards.get(roomId)?.element;
    if (!card) return;
    if (card.closest("details:not([open])")) archivedSummary.focus();
    else card.querySelector<HTMLElement>(control)?.focus();
  }

  function buildCard(c: MyClass, now: () => MyClass): Omit<Card, "shape" | "current"> {
    const headingId = `class-${c.roomId}`;
    const presenceLine = h("p", { class: "presence" });
    const more = h("button", { type: "button", class: "menu-button", "aria-label": t("classActions", c.title), title: t("classActions", c.title) }, icon(Ellipsis));
    const items = (): MenuItem[] => {
      const latest = now();
      return [
        { label: t("rename"), icon: icon(Pencil), action: "rename", run: () => void rename(latest) },
        latest.archived
          ? { label: t("unarchive"), icon: icon(ArchiveRestore), action: "unarchive", run: () => void run(() => api.act(latest.roomId, "unarchive"), t("unarchivedClass", latest.title)) }
          : { label: t("archive"), icon: icon(Archive), action: "archive", run: () => void run(() => api.act(latest.roomId, "archive"), t("archivedClass", latest.title)) },
        { label: t("renew.student"), icon: icon(RefreshCw), action: "renew", run: () => void renew(latest) },
        ...(latest.live ? [{ label: t("endClass"), icon: icon(DoorOpen), action: "end", danger: true, run: () => void end(latest) }] : []),
        { label: t("attendance.open"), icon: icon(ClipboardList), action: "attendance", run: () => showAttendance(latest) },
        { label: t("openReplay"), icon: icon(History), action: "replay", run: () => location.assign(`/c/${encodeURIComponent(latest.roomId)}/replay`) },
        { label: t("exportClass"), icon: icon(Download), action: "export", run: () => exportData(latest) },
        { label: t("deleteClass"), icon: icon(Trash2), action: "delete", danger: true, run: () => void remove(latest) },
      ];
    };
    const element = h("li", { class: "class-card", "data-room-id": c.roomId },
      h("div", { class: "class-head" },
        h("div", { class: "class-name" }, h("h3", { id: headingId, tabindex: -1 }, c.title), presenceLine),
        menuButton(more, items)),
      c.student ? copyLink(`student-link-${c.roomId}`, t("studentLink"), c.student.url) : null,
      c.teacher ? h("a", { href: c.teacher.url, class: "open-teacher" }, t("openAsTeacher")) : null);
    return { element, status: presenceLine };
  }

  async function rename(c: MyClass): Promise<void> {
    const title = await askText(t("renameTitle"), t("classTitle"), c.title, t("rename"), MAX_TITLE);
    if (title) await run(() => api.rename(c.roomId, title), t("renamedClass", title));
  }

  async function renew(c: MyClass): Promise<void> {
    if (await confirmAction(t("renewTitle.student"), t("renewText"), t("renewYes"))) await run(() => api.act(c.roomId, "links/student/renew"), t("renewedLink", c.title));
  }

  async function end(c: MyClass): Promise<void> {
    if (await confirmAction(t("endClassTitle"), t("endListedText"), t("endClassYes"))) await run(() => api.act(c.roomId, "end"), t("endedClass", c.title));
  }

  /** Everything stored about the class, as the zip the node answers (an attachment: the page stays). */
  /** After the lesson, where a teacher looks for it: the same dialog as in the class, read with the class's teacher link. */
  function showAttendance(c: MyClass): void {
    const attendance = attendanceDialog(c.roomId, () => c.teacher?.token ?? "");
    attendance.element.addEventListener("close", () => attendance.element.remove());
    document.body.append(attendance.element);
    attendance.open();
  }

  function exportData(c: MyClass): void {
    const link = h("a", { href: `/api/v1/my/classes/${encodeURIComponent(c.roomId)}/export`, download: true, hidden: true });
    document.body.append(link);
    link.click();
    link.remove();
  }

  async function remove(c: MyClass): Promise<void> {
    if (await confirmAction(t("deleteTitle", c.title), t("deleteText"), t("deleteYes"))) await run(() => api.remove(c.roomId), t("deletedClass", c.title));
  }

  // The list first, then the page: it never shows "no class yet" to a teacher who has some.
  await refresh();
  replace(root, h("div", { class: "page" },
    h("header", null, brand()),
    h("main", { class: "card wide my-classes" },
      h("div", { class: "account" }, h("h1", null, t("myClasses")), h("a", { href: "/", id: "go-home" }, t("goHome"))),
      form,
      status,
      heading,
      empty,
      current,
      archivedSection)));
  setInterval(() => void refresh(), REFRESH_MS);
}

/** A renewed student link shows at once; a link being read or selected is left as it is until it loses the focus. */
function updateLinks(card: HTMLElement, c: MyClass): void {
  const field = card.querySelector<HTMLInputElement>(".link input");
  if (field && c.student && field.value !== c.student.url && document.activeElement !== field) field.value = c.student.url;
  const open = card.querySelector<HTMLAnchorElement>("a.open-teacher");
  if (open && c.teacher) open.href = c.teacher.url;
}

/** The card (by class) and the control (one of CONTROLS) that have the focus, if a card's control has it. */
function focusInCard(): { roomId: string; control: string } | undefined {
  const active = document.activeElement;
  const roomId = active?.closest<HTMLElement>("li.class-card")?.dataset.roomId;
  const control = CONTROLS.find((selector) => active?.matches(selector));
  return roomId && control ? { roomId, control } : undefined;
}

/** "live · 3 participants", or nobody: what a teacher wants to know before opening the class. */
function presence(c: MyClass): string {
  if (!c.live) return c.ended ? t("endedNobody") : t("nobodyIn");
  return c.participantsConnected === 1 ? t("liveOne") : t("liveMany", String(c.participantsConnected));
}

/** The node's refusals in the teacher's language, from their codes (the node's words are for developers). */
function explain(error: Error): string {
  if (!(error instanceof ApiError)) return error.message;
  if (error.code === "invalid_title") return t("invalidTitle");
  if (error.code === "unknown_class") return t("classGone");
  return problemText(error.code, error.status);
}

/** Puts `items` in `list` in that order, moving only what is out of place (moving a node would drop its focus). */
function place(list: HTMLElement, items: HTMLElement[]): void {
  items.forEach((item, index) => {
    if (list.children[index] !== item) list.insertBefore(item, list.children[index] ?? null);
  });
  while (list.children.length > items.length) list.lastElementChild!.remove();
}
