/** The need taxonomy that every module shares; depends on nothing else in Waymark. */
package org.waymark.taxonomy;
