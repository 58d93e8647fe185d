using System;
using System.Collections.Generic;

namespace SupplyChainTools.Core.Authenticode
{
    /// <summary>The outcome of checking one timestamp of a primary signature.</summary>
    internal sealed class TimestampResult
    {
        public TimestampResult(string type)
        {
            Type = type;
        }

        public string Type { get; }

        public DateTime? Time { get; set; }

        public string? SignerSubject { get; set; }

        public List<SignatureProblem> Problems { get; } = new List<SignatureProblem>();

        public bool IsValid => Time.HasValue && !Problems.Exists(problem => problem.IsFailure);
    }
}
