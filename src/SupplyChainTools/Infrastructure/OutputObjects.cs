using System.Management.Automation;

namespace SupplyChainTools.Infrastructure
{
    internal static class OutputObjects
    {
        /// <summary>Wraps the record and surfaces each hash as a property named after its algorithm (SHA256, SHA512, ...).</summary>
        public static PSObject ForFileIntegrity(FileIntegrity record)
        {
            var output = new PSObject(record);
            foreach (string algorithm in record.Algorithms)
            {
                output.Properties.Add(new PSNoteProperty(algorithm, record.GetHash(algorithm)));
            }

            return output;
        }
    }
}
