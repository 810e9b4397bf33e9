/**
 * Learning from link workers (issue 20): the review queue of messages the bot was unsure of or a worker flagged,
 * the corrections workers make (per practice, erased with the patient's data), and their export as training lines
 * in the formats of {@code nlp-models/}. Depends on conversation (its events), handoff (closing outcomes, the masked
 * patient reference), nlu, safety and taxonomy (the labels a correction may carry); nothing depends on it.
 */
package org.waymark.review;
