// The classifier's two classes in the reader's words. The API's labels stay "Good" and "Bad"
// (they are data: values, URLs and tests use them); only what a reader sees is translated.
import { t } from "../i18n.js";

/** Every full key, written out so a test can find each one. */
const CLASS_NAMES = { Good: "classify.class_good", Bad: "classify.class_bad" };

/** "Good" → its name in the page's language; any other label as it is. */
export const className = (label) => (CLASS_NAMES[label] ? t(CLASS_NAMES[label]) : label);
