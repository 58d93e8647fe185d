using System.Collections.Generic;
using SupplyChainTools.Core.Authenticode;

namespace SupplyChainTools.Core.Packages
{
    /// <summary>One finding on a package: its status (null when reported but not failed), its NuGet code and message.</summary>
    internal sealed class PackageProblem
    {
        public PackageProblem(string? status, string? code, string message)
        {
            Status = status;
            Code = code;
            Message = message;
        }

        public string? Status { get; }

        public string? Code { get; }

        public string Message { get; }

        /// <summary>The most serious failing problem (the module's severity order), or null when none fails.</summary>
        public static PackageProblem? MostSerious(IEnumerable<PackageProblem> problems)
        {
            PackageProblem? worst = null;
            foreach (PackageProblem problem in problems)
            {
                if (problem.Status != null && (worst == null || AuthenticodeStatus.Severity(problem.Status) < AuthenticodeStatus.Severity(worst.Status!)))
                {
                    worst = problem;
                }
            }

            return worst;
        }
    }
}
