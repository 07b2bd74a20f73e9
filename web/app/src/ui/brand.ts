import { Presentation } from "lucide";
import { h } from "../dom";
import { t } from "../i18n";
import { icon } from "./icon";

/** The name and mark at the top of every page outside the class. */
export function brand(): HTMLElement {
  return h("p", { class: "brand" }, icon(Presentation), t("appName"));
}
