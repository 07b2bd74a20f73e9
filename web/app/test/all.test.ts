// One bundle for Node, since `vite build --ssr` takes one entry: every unit test file, each registering its tests
// with node:test as it loads.
import "./replay-audio.test";
import "./send-again.test";
import "./elision.test";
