using System.Collections.Generic;

namespace SupplyChainTools.Core.Authenticode
{
    /// <summary>One finding. A null <see cref="Status"/> marks a finding that is reported but does not fail verification.</summary>
    internal readonly struct SignatureProblem
    {
        public SignatureProblem(string? status, string message)
        {
            Status = status;
            Message = message;
        }

        public string? Status { get; }

        public string Message { get; }

        public bool IsFailure => Status != null;

        /// <summary>The most serious failing problem, or null when none fails.</summary>
        public static SignatureProblem? MostSerious(IEnumerable<SignatureProblem> problems)
        {
            SignatureProblem? worst = null;
            foreach (SignatureProblem problem in problems)
            {
                if (problem.Status != null && (worst == null || AuthenticodeStatus.Severity(problem.Status) < AuthenticodeStatus.Severity(worst.Value.Status!)))
                {
                    worst = problem;
                }
            }

            return worst;
        }
    }
}
