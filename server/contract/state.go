package contract

import "time"

// State is the snapshot a display or console starts from: everything on the
// board as of event Seq. A client loads it, then follows /api/v1/ws?since=Seq.
type State struct {
	Seq         int64          `json:"seq"`
	Day         string         `json:"day"`
	Now         time.Time      `json:"now"`
	Centre      CentreInfo     `json:"centre"`
	Counters    []CounterState `json:"counters"`
	Queues      []QueueState   `json:"queues"`
	RecentCalls []Call         `json:"recent_calls"`
	OpenHelp    []HelpRequest  `json:"open_help"`
	// OpenFaults are today's device faults nobody has taken yet.
	OpenFaults       []DeviceFault `json:"open_faults"`
	CatalogueVersion int64         `json:"catalogue_version"`
	// ClockWarning is today's last step of the server's clock, if any.
	ClockWarning *ClockWarning `json:"clock_warning,omitempty"`
}

// CentreInfo is the public part of the settings: what boards and kiosks show.
type CentreInfo struct {
	Name         Text                 `json:"name"`
	TimeZone     string               `json:"time_zone"`
	Slogans      []Text               `json:"slogans"`
	Notices      []Text               `json:"notices"`
	FastDay      bool                 `json:"fast_day"` // today is the Wednesday fast day
	Announcement AnnouncementSettings `json:"announcement"`
	// PublicURL is Settings.PublicURL: kiosks print it in the ticket's QR
	// code.
	PublicURL string `json:"public_url,omitempty"`
	// TicketsNeedPrinter is Settings.TicketsNeedPrinter, for the kiosks;
	// left out of the JSON when false, the default.
	TicketsNeedPrinter bool `json:"tickets_need_printer,omitempty"`
}

// CounterState is one counter on the board.
type CounterState struct {
	Number int      `json:"number"`
	Name   Text     `json:"name"`
	Queues []string `json:"queues"`
	// Current is the ticket called or being served, nil when the counter is free.
	Current *Ticket `json:"current,omitempty"`
}

// QueueState is one queue's waiting line.
type QueueState struct {
	Prefix         string `json:"prefix"`
	Name           Text   `json:"name"`
	Waiting        int    `json:"waiting"`
	EstimatedWaitS int64  `json:"estimated_wait_s"`
	Counters       []int  `json:"counters"`
}

// Call is one call (or recall) of a ticket to a counter, for the board's
// list of recent calls.
type Call struct {
	Seq     int64     `json:"seq"`
	Number  string    `json:"number"`
	Counter int       `json:"counter"`
	Recall  bool      `json:"recall,omitempty"`
	At      time.Time `json:"at"`
}

// Settings is how a centre runs its service. Administrators change it in the
// console; the server applies it at once and publishes settings.changed.
type Settings struct {
	CentreName Text   `json:"centre_name"`
	TimeZone   string `json:"time_zone"`
	// PriorityRatio is how many priority tickets a counter calls in a row
	// before it must call a waiting normal ticket (N:1).
	PriorityRatio int `json:"priority_ratio"`
	// MaxWaitS caps any ticket's wait: once exceeded, it is called first,
	// whatever its class, so no one starves.
	MaxWaitS int64    `json:"max_wait_s"`
	FastLane FastLane `json:"fast_lane"`
	// TicketsNeedPrinter stops a kiosk from issuing tickets while its
	// printer is out (no paper, cover open, unreachable): its ticket
	// buttons send citizens to the information desk instead. False, the
	// default, keeps issuing and shows the number on screen to remember;
	// the zero value is the default so settings stored before the field
	// existed, and clients that do not know it, keep that behaviour.
	TicketsNeedPrinter bool `json:"tickets_need_printer"`
	// DefaultServiceS is the service time assumed for estimates until the
	// day has real figures.
	DefaultServiceS int64                `json:"default_service_s"`
	Announcement    AnnouncementSettings `json:"announcement"`
	Slogans         []Text               `json:"slogans"`
	Notices         []Text               `json:"notices"`
	// PublicURL is the address citizens' phones reach the server at
	// ("http://192.168.1.10"), which kiosks put in the ticket's QR code
	// before the ticket page's path: the kiosks' own server address may be
	// one a phone cannot open (an https:// name signed by the centre's CA,
	// or a LAN the citizens' Wi-Fi does not reach). http(s)://host[:port]
	// with nothing after it (the server checks it and drops a trailing
	// slash); empty lets each kiosk use its -ticket-url or its server
	// address.
	PublicURL string `json:"public_url,omitempty"`
}

// FastLane routes same-day procedures on the fast weekday (Wednesday) to a
// dedicated queue that the fast-lane counters serve.
type FastLane struct {
	Enabled bool `json:"enabled"`
	// Weekday is time.Weekday: 3 is Wednesday.
	Weekday int    `json:"weekday"`
	Queue   string `json:"queue"`
}

// AnnouncementSettings says how boards read a call aloud.
type AnnouncementSettings struct {
	// Template uses {number} and {counter}, e.g.
	// "Xin mời công dân có số thứ tự {number} đến quầy số {counter}".
	Template   string `json:"template"`
	Repeat     int    `json:"repeat"`
	Volume     int    `json:"volume"`                // 0–100
	QuietStart string `json:"quiet_start,omitempty"` // "12:00"
	QuietEnd   string `json:"quiet_end,omitempty"`   // "13:30"
	HelpNotice bool   `json:"help_notice"`
}

// ClockWarning tells the administrator that the server's clock was stepped
// (an appliance without a battery-backed clock booted with a wrong date and
// NTP corrected it, or someone set it by hand): times written around the
// step are not comparable, and the board may have shown a wrong date.
type ClockWarning struct {
	// At is when the step was noticed, on the corrected clock.
	At time.Time `json:"at"`
	// From is the time the clock said at the change before the step.
	From time.Time `json:"from"`
	// JumpS is how far the clock moved beyond the time that passed, in
	// seconds: negative when it went back.
	JumpS int64 `json:"jump_s"`
	// Moved counts the unfinished tickets carried from the service day the
	// clock left into the one it entered, so they stay callable.
	Moved int `json:"moved"`
}
