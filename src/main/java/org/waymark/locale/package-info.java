/**
 * The languages Waymark speaks, as data: {@code dialogs/locale.yaml} for English (the default) and, for each other
 * language, a folder {@code dialogs/<code>/} whose files mirror the English ones key for key ({@link Locales},
 * {@link LanguageFiles}, {@link YamlShape}). Depends on no other module.
 */
package org.waymark.locale;
