/**
 * What the evaluation commands share: reading a labelled set ({@code nlu evaluate-risk}, {@code nlu
 * evaluate-needs}). Depends on nothing else of Waymark.
 */
package org.waymark.evaluation;
