import "./style.css";
import { readArrival, rememberLeave } from "./arrival";
import { lang, t } from "./i18n";
import { showJoin } from "./join";
import { showLanding } from "./landing";
import { showMyClasses } from "./my-classes";
import { showReplay } from "./replay";
import { showScreen } from "./screens";

// One index.html serves every page: /c/<roomId>#<token> is a class, /c/<roomId>/replay#<token> its replay (with no
// token, a signed-in teacher's session), / the landing page, /classes a teacher's
// classes, and the node answers any other browser path with this page too (status 404), which says so in the
// reader's language.
document.documentElement.lang = lang;
const root = document.getElementById("app")!;
const match = /^\/c\/([A-Za-z0-9_-]+)\/?$/.exec(location.pathname);
if (match) {
  const arrival = readArrival(location.hash);
  rememberLeave(match[1], arrival.leave);
  // The name and the way back were for this page only: the address keeps the token alone, as a copied link should.
  if (arrival.name || arrival.leave) history.replaceState(history.state, "", `#${arrival.token}`);
  void showJoin(root, match[1], arrival.token, arrival.name);
}
else if (/^\/c\/[A-Za-z0-9_-]+\/replay\/?$/.test(location.pathname)) void showReplay(root, location.pathname.split("/")[2], location.hash.slice(1));
else if (location.pathname === "/") void showLanding(root);
else if (location.pathname === "/classes") void showMyClasses(root);
else showScreen(root, "not-found", { label: t("goHome"), run: () => location.assign("/") });
