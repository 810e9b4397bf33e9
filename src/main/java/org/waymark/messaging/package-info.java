/** The message shapes every module and channel shares, and the port channels implement. Depends on nothing. */
package org.waymark.messaging;
