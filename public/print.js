// A print link was followed (`?print=1`): open the print dialog once the page is drawn.
window.addEventListener("load", () => window.print());
