// Irreversible actions ask first: a form with data-confirm submits only once the person
// agrees. Without JavaScript the form submits as before (the services still check).
document.addEventListener("submit", function (event) {
  var form = event.target;
  var question = form.getAttribute && form.getAttribute("data-confirm");
  if (question && !window.confirm(question)) {
    event.preventDefault();
  }
});
