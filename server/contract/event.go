package contract

import (
	"encoding/json"
	"time"
)

// EventType names what happened. Clients switch on it; unknown types must be
// ignored so the server can add events without breaking old clients.
type EventType string

// The events the server publishes. Every state change the server commits
// writes exactly one of these in the same transaction.
const (
	EventTicketIssued      EventType = "ticket.issued"
	EventTicketCalled      EventType = "ticket.called"
	EventTicketRecalled    EventType = "ticket.recalled"
	EventTicketStarted     EventType = "ticket.started"
	EventTicketFinished    EventType = "ticket.finished"
	EventTicketNoShow      EventType = "ticket.no_show"
	EventTicketTransferred EventType = "ticket.transferred"
	EventTicketCancelled   EventType = "ticket.cancelled"
	EventRatingCreated     EventType = "rating.created"
	EventHelpRequested     EventType = "help.requested"
	EventHelpTaken         EventType = "help.taken"
	EventDeviceFault       EventType = "device.fault"
	EventDeviceFaultTaken  EventType = "device.fault_taken"
	EventCatalogueChanged  EventType = "catalogue.changed"
	EventSettingsChanged   EventType = "settings.changed"
	// EventClockStepped carries a ClockWarning: the server's clock was
	// stepped, and tickets may have been carried into another service day
	// (a board reloads GET /state on it).
	EventClockStepped EventType = "clock.stepped"
)

// Event is one websocket message, one per frame:
//
//	{"v":1,"seq":42,"type":"ticket.called","at":"…","data":{…}}
//
// Seq is gap-free and increasing across the server's whole life, so a client
// that saw seq N reconnects with ?since=N and misses nothing.
type Event struct {
	V    int             `json:"v"`
	Seq  int64           `json:"seq"`
	Type EventType       `json:"type"`
	At   time.Time       `json:"at"`
	Data json.RawMessage `json:"data"`
}

// Decode unmarshals the event's data into v.
func (e Event) Decode(v any) error { return json.Unmarshal(e.Data, v) }

// TicketEvent is the data of every ticket.* event. Counter is the counter
// that acted (zero for issue and cancel).
type TicketEvent struct {
	Ticket  Ticket `json:"ticket"`
	Counter int    `json:"counter,omitempty"`
	// Previous is the leg a transfer ended (ticket.transferred only).
	Previous *Ticket `json:"previous,omitempty"`
}

// CatalogueEvent is the data of catalogue.changed: the new version and the
// procedures that changed, so a screen can update one fee without a reload.
type CatalogueEvent struct {
	Version int64       `json:"version"`
	Changed []Procedure `json:"changed,omitempty"`
	Removed []string    `json:"removed,omitempty"`
}

// DeviceFault is a device reporting trouble staff should see, such as a
// ticket printer out of paper. It stays open (in State.OpenFaults) until a
// staff member takes it (device.fault_taken, with TakenBy set), so exactly
// one person goes to the device.
type DeviceFault struct {
	ID      int64      `json:"id"`
	Device  string     `json:"device"`
	Kind    string     `json:"kind"` // "printer_offline", "paper_out", "paper_low", …
	Message string     `json:"message"`
	Ticket  string     `json:"ticket,omitempty"`
	At      time.Time  `json:"at"`
	TakenBy string     `json:"taken_by,omitempty"`
	TakenAt *time.Time `json:"taken_at,omitempty"`
}

// ControlResync is sent instead of an Event (type "resync", seq 0) when the
// events after the client's since= are no longer kept or the client is ahead
// of the server: the client must reload GET /api/v1/state.
const ControlResync EventType = "resync"
