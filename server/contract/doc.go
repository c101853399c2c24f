// Package contract owns the JSON wire contract between the motcua server and
// everything that talks to it: the kiosk, the display board, the staff
// console and third-party programs.
//
// It imports only the standard library, so the Fyne programs can depend on it
// without pulling in the server, and the server can use the same types as its
// domain model (as gotify/server does with its model package). Every change to
// a JSON name here is a protocol change: the golden tests in this package lock
// the encoding, and ProtocolVersion must be raised when a change is not
// backwards compatible.
package contract

// ProtocolVersion is the "v" of every websocket message. Clients refuse
// messages of a version they do not know rather than misread them.
const ProtocolVersion = 1
