// The resend wait, counted down on the page: the server already wrote the seconds and
// disabled the button, so without this script a reload shows the wait and enables it.
// The count is read from a deadline, not by ticks, so a throttled background tab stays right.
document.querySelectorAll("[data-countdown]").forEach(function (note) {
  var end = Date.now() + parseInt(note.dataset.countdown, 10) * 1000;
  var button = document.getElementById(note.dataset.button);
  var status = document.getElementById(note.dataset.status);
  var timer = setInterval(function () {
    var left = Math.ceil((end - Date.now()) / 1000);
    if (left > 0) {
      note.textContent = note.dataset.text.replace("{s}", left);
      return;
    }
    clearInterval(timer);
    note.hidden = true;
    button.disabled = false;
    // Said once by screen readers (a live region), not every second.
    status.textContent = note.dataset.ready;
  }, 1000);
});
