import "./style.css";
import { lang, t } from "./i18n";
import { showJoin } from "./join";
import { showLanding } from "./landing";
import { showMyClasses } from "./my-classes";
import { showScreen } from "./screens";

// One index.html serves every page: /c/<roomId>#<token> is a class, / the landing page, /classes a teacher's
// classes, and the node answers any other browser path with this page too (status 404), which says so in the
// reader's language.
document.documentElement.lang = lang;
const root = document.getElementById("app")!;
const match = /^\/c\/([A-Za-z0-9_-]+)\/?$/.exec(location.pathname);
if (match) void showJoin(root, match[1], decodeURIComponent(location.hash.slice(1)));
else if (location.pathname === "/") void showLanding(root);
else if (location.pathname === "/classes") void showMyClasses(root);
else showScreen(root, "not-found", { label: t("goHome"), run: () => location.assign("/") });
