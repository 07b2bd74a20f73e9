import { h } from "../dom";

export interface MenuItem {
  label: string;
  icon?: SVGElement;
  action: string;
  danger?: boolean;
  run(): void;
}

/**
 * A button that opens a menu of actions (WAI-ARIA menu button): Enter, Space or a click opens it on
 * its first item, arrows move, Escape or a click elsewhere closes it and gives the focus back.
 */
export function menuButton(button: HTMLButtonElement, items: () => MenuItem[], options: { menuClass?: string; onClose?: () => void } = {}): HTMLElement {
  const menu = h("div", { role: "menu", class: options.menuClass ?? "", hidden: true });
  const holder = h("span", { class: "menu-holder" }, button, menu);
  button.setAttribute("aria-haspopup", "menu");
  button.setAttribute("aria-expanded", "false");

  const entries = () => [...menu.querySelectorAll<HTMLButtonElement>("[role=menuitem]")];
  function close(focusButton: boolean): void {
    if (menu.hidden) return;
    menu.hidden = true;
    button.setAttribute("aria-expanded", "false");
    removeEventListener("pointerdown", outside, true);
    if (focusButton) button.focus();
    options.onClose?.();
  }
  const outside = (event: Event) => {
    if (!holder.contains(event.target as Node)) close(false);
  };
  function open(): void {
    menu.replaceChildren(...items().map((item) =>
      h("button", {
        type: "button", role: "menuitem", tabindex: -1, "data-action": item.action, class: item.danger ? "danger-item" : "",
        onclick: () => {
          close(true);
          item.run();
        },
      }, item.icon ?? null, item.label)));
    if (entries().length === 0) return;
    menu.hidden = false;
    place();
    button.setAttribute("aria-expanded", "true");
    entries()[0].focus();
    addEventListener("pointerdown", outside, true);
  }
  /**
   * Whole where it can be read: above its button when it would run past the bottom of what scrolls around it (a
   * row near the foot of a phone's sheet) and fits above; otherwise the list scrolls to show all of it.
   */
  function place(): void {
    menu.classList.remove("upward");
    const clip = clipping(holder);
    const area = clip ? clip.getBoundingClientRect() : { top: 0, bottom: innerHeight };
    const top = Math.max(area.top, 0);
    const bottom = Math.min(area.bottom, innerHeight);
    const box = menu.getBoundingClientRect();
    if (box.bottom <= bottom) return;
    if (holder.getBoundingClientRect().top - box.height >= top) menu.classList.add("upward");
    else menu.scrollIntoView({ block: "nearest" });
  }
  button.addEventListener("click", () => (menu.hidden ? open() : close(true)));
  menu.addEventListener("keydown", (event) => {
    const list = entries();
    const at = list.indexOf(document.activeElement as HTMLButtonElement);
    const move = { ArrowDown: 1, ArrowRight: 1, ArrowUp: -1, ArrowLeft: -1 }[event.key];
    if (move !== undefined) list[(at + move + list.length) % list.length].focus();
    else if (event.key === "Home") list[0].focus();
    else if (event.key === "End") list[list.length - 1].focus();
    else if (event.key === "Escape" || event.key === "Tab") close(event.key === "Escape");
    else return;
    if (event.key !== "Tab") event.preventDefault();
  });
  return holder;
}

/** The nearest ancestor that clips what overflows it (a scrolling list or sheet), if any. */
function clipping(element: HTMLElement): HTMLElement | undefined {
  for (let at = element.parentElement; at; at = at.parentElement) {
    if (getComputedStyle(at).overflowY !== "visible") return at;
  }
  return undefined;
}
