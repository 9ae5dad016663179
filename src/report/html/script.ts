/**
 * The report's only script, inlined: the gallery filters. Plain browser JavaScript kept as text
 * (the project compiles for Node, without the DOM types); the browser test exercises it.
 */
export const SCRIPT = `
(function () {
  var status = document.getElementById("filter-status");
  var campaign = document.getElementById("filter-campaign");
  var shown = document.getElementById("shown");
  var jobs = Array.prototype.slice.call(document.querySelectorAll("#gallery .job"));
  function apply() {
    var visible = 0;
    jobs.forEach(function (job) {
      var match = (!status.value || job.dataset.status === status.value) && (!campaign.value || job.dataset.campaign === campaign.value);
      job.hidden = !match;
      if (match) visible += 1;
    });
    shown.textContent = visible + " of " + jobs.length + " jobs shown";
  }
  status.addEventListener("change", apply);
  campaign.addEventListener("change", apply);
  apply();
})();
`;
