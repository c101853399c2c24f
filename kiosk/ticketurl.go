package kiosk

import "motcua/server/client"

// ticketURL is the address in a ticket's QR code, on screen and on paper.
// The centre's public address (Settings.PublicURL, set on the
// administration's settings page and followed live through
// settings.changed) wins, because the administrator knows which address
// citizens' phones reach; then the kiosk's own -ticket-url; then the
// address the kiosk reaches the server at. Call it on the UI thread (it
// reads the centre's settings the kiosk loaded).
func (k *Kiosk) ticketURL(id string) string {
	if base := k.centre.PublicURL; base != "" {
		return client.TicketPage(base, id)
	}
	return k.opt.Client.TicketURL(id)
}
