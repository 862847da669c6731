/*
 * Copyright (c) 2026 QKD Control Suite authors and others.  All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.opendaylight.qkd.console;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.List;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.api.console.Session;
import org.apache.karaf.shell.support.completers.StringsCompleter;
import org.opendaylight.mdsal.binding.api.RpcService;
import org.opendaylight.yang.gen.v1.urn.opendaylight.qkd.emulator.rev261125.InjectLinkFault;
import org.opendaylight.yang.gen.v1.urn.opendaylight.qkd.emulator.rev261125.InjectLinkFaultInput.Fault;
import org.opendaylight.yang.gen.v1.urn.opendaylight.qkd.emulator.rev261125.InjectLinkFaultInputBuilder;
import org.opendaylight.yangtools.yang.common.Decimal64;

/**
 * {@code qkd:link-fault}: injects a fault into an emulated link, through {@code qkd-emulator:inject-link-fault},
 * which the controller forwards to a node at one end of the link.
 */
@Service
@Command(scope = "qkd", name = "link-fault", description = "Cuts, eavesdrops, degrades or restores an emulated "
    + "link")
public final class LinkFaultCommand implements Action {
    @Reference
    RpcService rpcService;

    @Reference(optional = true)
    Session session;

    @Argument(index = 0, name = "link", required = true, description = "The emulated link, by its label (its ID in "
        + "the emulator's topology file) or its qkdl_id")
    @Completion(LinkLabelCompleter.class)
    String link;

    @Argument(index = 1, name = "fault", required = true, description = "cut, eavesdrop, degrade or restore")
    @Completion(value = StringsCompleter.class, values = {"cut", "eavesdrop", "degrade", "restore"})
    String fault;

    @Option(name = "--fraction", description = "eavesdrop: the fraction of pulses attacked, 0 to 1 (1)")
    String fraction = "1";

    @Option(name = "--loss", description = "degrade: the loss added, dB (3)")
    String loss = "3";

    @Argument(index = 2, name = "options", multiValued = true, description = "Options may also follow the arguments")
    List<String> trailing;

    @Override
    public Object execute() throws Exception {
        TrailingOptions.apply(this, trailing);
        final var rpc = rpcService.getRpc(InjectLinkFault.class);
        return ConsoleAudit.change(session, "qkd:link-fault", link + " " + fault, () -> inject(rpc));
    }

    // the RPC's answer in words
    String inject(final InjectLinkFault rpc) throws ConsoleException {
        final var kind = Fault.forName(fault == null ? "" : fault);
        if (kind == null) {
            throw new ConsoleException("fault must be cut, eavesdrop, degrade or restore, not " + fault);
        }
        // the model's ranges: fraction 0 to 1, loss 0 to 100 dB
        final var input = Datastore.value("--fraction or --loss", () -> new InjectLinkFaultInputBuilder()
            .setLink(link)
            .setFault(kind)
            .setEavesdropFraction(Decimal64.valueOf(new BigDecimal(fraction).setScale(3, RoundingMode.HALF_EVEN)))
            .setExtraLoss(Decimal64.valueOf(new BigDecimal(loss).setScale(2, RoundingMode.HALF_EVEN)))
            .build());
        final var output = Datastore.call(rpc, input, 10, "the controller", "the network refused");
        return "Link " + output.getLink() + ": " + fault + "; key rate now " + output.getSecretKeyRate()
            + " bit/s, QBER " + output.getQber();
    }
}
