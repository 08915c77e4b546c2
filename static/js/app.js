// Liên hiệp: progressive enhancements only; every page works without JavaScript.
document.addEventListener("htmx:responseError", function (event) {
  var box = document.getElementById("htmx-error");
  if (box) { box.classList.remove("d-none"); }
});
