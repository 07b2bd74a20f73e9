import "./style.css";
import { lang } from "./i18n";
import { showJoin } from "./join";
import { showLanding } from "./landing";

// One index.html serves both screens: /c/<roomId>#<token> is a class, anything else the landing page.
document.documentElement.lang = lang;
const root = document.getElementById("app")!;
const match = /^\/c\/([A-Za-z0-9_-]+)\/?$/.exec(location.pathname);
if (match) showJoin(root, match[1], decodeURIComponent(location.hash.slice(1)));
else showLanding(root);
