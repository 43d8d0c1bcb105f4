/**
 * Deploys the AMM core: the factory and the router bound to it.
 *
 *   npx hardhat ignition deploy ignition/modules/Amm.ts --network <name> \
 *     --parameters '{"Amm":{"feeToSetter":"0x…"}}'
 *
 * `feeToSetter` (who may turn the protocol fee on) defaults to the deploying account.
 */
import { buildModule } from "@nomicfoundation/hardhat-ignition/modules";

const AmmModule = buildModule("Amm", (m) => {
  const deployer = m.getAccount(0);
  const feeToSetter = m.getParameter("feeToSetter", deployer);
  const factory = m.contract("LanesFactory", [feeToSetter]);
  const router = m.contract("LanesRouter", [factory]);
  return { factory, router };
});

export default AmmModule;
