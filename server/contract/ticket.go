package contract

import "time"

// Status is where a ticket is in its life:
//
//	waiting → called → serving → done
//	              ↘ no_show   ↘ transferred
//	waiting → cancelled
//
// A recall keeps a ticket called and raises its recall count. A transferred
// ticket ends its leg; the citizen keeps the same number in a new leg
// (TransferredTo) that waits for the target queue or counter.
type Status string

// The ticket statuses.
const (
	StatusWaiting     Status = "waiting"
	StatusCalled      Status = "called"
	StatusServing     Status = "serving"
	StatusDone        Status = "done"
	StatusNoShow      Status = "no_show"
	StatusTransferred Status = "transferred"
	StatusCancelled   Status = "cancelled"
)

// Final tells whether no further transition can leave this status.
func (s Status) Final() bool {
	switch s {
	case StatusDone, StatusNoShow, StatusTransferred, StatusCancelled:
		return true
	}
	return false
}

// Priority is the class a citizen declares at the kiosk. Staff check it at
// the counter; the queue engine calls priority tickets ahead of normal ones
// in the centre's configured ratio.
type Priority string

// The priority classes. PriorityNone is a normal ticket.
const (
	PriorityNone       Priority = ""
	PriorityElderly    Priority = "elderly"
	PriorityDisability Priority = "disability"
	PriorityPregnancy  Priority = "pregnancy"
	PriorityMerit      Priority = "merit" // war invalid, people with meritorious service
	PriorityChild      Priority = "child" // accompanying a small child
)

// Priorities lists the priority classes in the order the kiosk offers them.
var Priorities = []Priority{PriorityElderly, PriorityDisability, PriorityPregnancy, PriorityMerit, PriorityChild}

// Valid tells whether p is a known class (including none).
func (p Priority) Valid() bool {
	if p == PriorityNone {
		return true
	}
	for _, q := range Priorities {
		if p == q {
			return true
		}
	}
	return false
}

// Label is the class as shown to citizens and staff.
func (p Priority) Label() Text {
	switch p {
	case PriorityElderly:
		return Text{VI: "Người cao tuổi", EN: "Elderly"}
	case PriorityDisability:
		return Text{VI: "Người khuyết tật", EN: "Person with disability"}
	case PriorityPregnancy:
		return Text{VI: "Phụ nữ mang thai", EN: "Pregnant woman"}
	case PriorityMerit:
		return Text{VI: "Thương binh, người có công", EN: "War invalid, meritorious service"}
	case PriorityChild:
		return Text{VI: "Người đi cùng trẻ nhỏ", EN: "With a small child"}
	}
	return Text{VI: "Thông thường", EN: "Normal"}
}

// Ticket is one queue ticket. It carries no personal data: a number, a
// procedure and times are all a public screen or a phone ever sees.
type Ticket struct {
	// ID is unguessable (128 random bits): it goes on the ticket's QR code and
	// is the only key to the ticket's live page.
	ID        string   `json:"id"`
	Number    string   `json:"number"`
	Queue     string   `json:"queue"`
	Procedure string   `json:"procedure"`
	Priority  Priority `json:"priority"`
	Status    Status   `json:"status"`
	// Day is the service day in the centre's time zone, "2026-11-25".
	Day      string    `json:"day"`
	IssuedAt time.Time `json:"issued_at"`
	// Position is 1 for the next ticket to be called in its queue; zero once
	// the ticket has been called.
	Position       int   `json:"position"`
	EstimatedWaitS int64 `json:"estimated_wait_s"`
	// Counter is the counter that called the ticket, or the one a transfer
	// sent it to.
	Counter         int        `json:"counter,omitempty"`
	RecallCount     int        `json:"recall_count"`
	CalledAt        *time.Time `json:"called_at,omitempty"`
	StartedAt       *time.Time `json:"started_at,omitempty"`
	FinishedAt      *time.Time `json:"finished_at,omitempty"`
	SameDay         bool       `json:"same_day,omitempty"`
	TransferredFrom string     `json:"transferred_from,omitempty"`
	TransferredTo   string     `json:"transferred_to,omitempty"`
	// Code is the short code printed on the ticket, which the citizen types
	// with the number to rate the service at an entrance kiosk. Only the
	// answer to the kiosk that issued the ticket carries it: events, the
	// state snapshot and the public ticket page never do.
	Code string `json:"code,omitempty"`
}

// Rating scores, as the centre's survey words them.
const (
	RatingUnsatisfied   = 1 // Không hài lòng: a reason is required
	RatingSatisfied     = 2 // Hài lòng
	RatingVerySatisfied = 3 // Rất hài lòng
)

// Rating is a citizen's verdict on the service of one ticket. Only one is
// accepted per served ticket.
type Rating struct {
	Ticket  string    `json:"ticket"`
	Number  string    `json:"number"`
	Counter int       `json:"counter"`
	Score   int       `json:"score"`
	Reason  string    `json:"reason,omitempty"`
	At      time.Time `json:"at"`
}

// HelpRequest is a kiosk asking for a volunteer to come and help a citizen.
type HelpRequest struct {
	ID      int64      `json:"id"`
	Device  string     `json:"device"`
	At      time.Time  `json:"at"`
	TakenBy string     `json:"taken_by,omitempty"`
	TakenAt *time.Time `json:"taken_at,omitempty"`
}
